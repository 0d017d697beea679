package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code IpamDriver.ReleasePool}. */
public record ReleasePoolRequest(@JsonProperty("PoolID") String poolId) {
}
