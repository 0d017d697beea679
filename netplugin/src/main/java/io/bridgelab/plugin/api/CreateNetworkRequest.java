package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code NetworkDriver.CreateNetwork}. {@code Options} holds {@code com.docker.network.generic} (the user's
 * {@code -o} map), {@code com.docker.network.enable_ipv6}, {@code com.docker.network.internal}, ...
 */
public record CreateNetworkRequest(@JsonProperty("NetworkID") String networkId,
                                   @JsonProperty("Options") Map<String, Object> options,
                                   @JsonProperty("IPv4Data") List<IpamData> ipv4Data,
                                   @JsonProperty("IPv6Data") List<IpamData> ipv6Data) {
    public CreateNetworkRequest {
        options = Options.copy(options);
        ipv4Data = ipv4Data == null ? List.of() : List.copyOf(ipv4Data);
        ipv6Data = ipv6Data == null ? List.of() : List.copyOf(ipv6Data);
    }
}
