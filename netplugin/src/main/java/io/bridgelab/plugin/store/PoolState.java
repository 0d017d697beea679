package io.bridgelab.plugin.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An IPAM pool handed to dockerd: its id, CIDR and the optional sub-range addresses come from. */
public record PoolState(@JsonProperty("id") String id,
                        @JsonProperty("pool") String pool,
                        @JsonProperty("subPool") String subPool) {
}
