package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code AllocateNetwork} reply: driver options to hand to every node (none for a local driver). */
public record AllocateNetworkResponse(@JsonProperty("Options") Map<String, String> options) {
}
