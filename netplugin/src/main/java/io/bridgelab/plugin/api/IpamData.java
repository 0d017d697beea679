package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One IPAM pool of a network as CreateNetwork carries it: {@code Pool} and {@code Gateway} are CIDR strings. */
public record IpamData(@JsonProperty("AddressSpace") String addressSpace,
                       @JsonProperty("Pool") String pool,
                       @JsonProperty("Gateway") String gateway,
                       @JsonProperty("AuxAddresses") Map<String, String> auxAddresses) {
    public IpamData {
        auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
    }
}
