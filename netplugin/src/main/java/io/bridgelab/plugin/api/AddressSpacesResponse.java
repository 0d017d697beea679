package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code IpamDriver.GetDefaultAddressSpaces} reply. */
public record AddressSpacesResponse(@JsonProperty("LocalDefaultAddressSpace") String localDefault,
                                    @JsonProperty("GlobalDefaultAddressSpace") String globalDefault) {
}
