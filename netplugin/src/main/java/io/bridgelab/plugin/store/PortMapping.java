package io.bridgelab.plugin.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One published port as installed: {@code hostIp} (null = every local address) {@code hostPort} to the
 * container's {@code containerIp:containerPort}. {@code protocol} is "tcp", "udp" or "sctp".
 */
public record PortMapping(@JsonProperty("protocol") String protocol,
                          @JsonProperty("hostIp") String hostIp,
                          @JsonProperty("hostPort") int hostPort,
                          @JsonProperty("containerIp") String containerIp,
                          @JsonProperty("containerPort") int containerPort) {

    @Override
    public String toString() {
        return (hostIp == null ? "" : hostIp + ":") + hostPort + "->" + containerIp + ":" + containerPort + "/"
                + protocol;
    }
}
