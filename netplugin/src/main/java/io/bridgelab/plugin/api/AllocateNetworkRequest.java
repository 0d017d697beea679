package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code AllocateNetwork} (swarm managers, global scope only). */
public record AllocateNetworkRequest(@JsonProperty("NetworkID") String networkId,
                                     @JsonProperty("Options") Map<String, String> options,
                                     @JsonProperty("IPv4Data") List<IpamData> ipv4Data,
                                     @JsonProperty("IPv6Data") List<IpamData> ipv6Data) {
    public AllocateNetworkRequest {
        options = Options.copyStrings(options);
        ipv4Data = ipv4Data == null ? List.of() : List.copyOf(ipv4Data);
        ipv6Data = ipv6Data == null ? List.of() : List.copyOf(ipv6Data);
    }
}
