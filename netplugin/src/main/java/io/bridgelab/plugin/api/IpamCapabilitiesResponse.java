package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code IpamDriver.GetCapabilities} reply. */
public record IpamCapabilitiesResponse(@JsonProperty("RequiresMACAddress") boolean requiresMacAddress,
                                       @JsonProperty("RequiresRequestReplay") boolean requiresRequestReplay) {
}
