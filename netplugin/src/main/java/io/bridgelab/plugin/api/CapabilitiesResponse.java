package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code NetworkDriver.GetCapabilities} reply; this driver is {@code local} in both scopes. */
public record CapabilitiesResponse(@JsonProperty("Scope") String scope,
                                   @JsonProperty("ConnectivityScope") String connectivityScope) {
    public static final CapabilitiesResponse LOCAL = new CapabilitiesResponse("local", "local");
}
