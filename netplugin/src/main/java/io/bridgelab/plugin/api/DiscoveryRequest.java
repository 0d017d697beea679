package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code DiscoverNew} / {@code DiscoverDelete}: node discovery events, meaningful only to global drivers. */
public record DiscoveryRequest(@JsonProperty("DiscoveryType") int discoveryType,
                               @JsonProperty("DiscoveryData") Object discoveryData) {
}
