package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code IpamDriver.ReleaseAddress}. */
public record ReleaseAddressRequest(@JsonProperty("PoolID") String poolId,
                                    @JsonProperty("Address") String address) {
}
