package io.bridgelab.plugin.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code com.docker.network.portmap}: container {@code IP:Port} published on
 * {@code HostIP:HostPort..HostPortEnd}. {@code Proto} is the IP protocol number (6 TCP, 17 UDP, 132 SCTP);
 * {@code HostPort} 0 asks for an ephemeral port.
 */
public record PortBinding(@JsonProperty("Proto") int proto,
                          @JsonProperty("IP") String ip,
                          @JsonProperty("Port") int port,
                          @JsonProperty("HostIP") String hostIp,
                          @JsonProperty("HostPort") int hostPort,
                          @JsonProperty("HostPortEnd") int hostPortEnd) {
}
