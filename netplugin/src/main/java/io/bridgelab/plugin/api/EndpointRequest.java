package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code EndpointOperInfo}, {@code DeleteEndpoint}, {@code Leave}: a network and one of its endpoints. */
public record EndpointRequest(@JsonProperty("NetworkID") String networkId,
                              @JsonProperty("EndpointID") String endpointId) {
}
