package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code DeleteNetwork} and {@code FreeNetwork}: just the network. */
public record NetworkRequest(@JsonProperty("NetworkID") String networkId) {
}
