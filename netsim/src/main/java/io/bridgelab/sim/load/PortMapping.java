package io.bridgelab.sim.load;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;

/** {@code docker run -p HOSTPORT:PORT[/udp]} for a container at {@code containerAddress}. */
public record PortMapping(int protocol, int hostPort, Ipv4Address containerAddress, int containerPort) {
    public PortMapping {
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            throw new IllegalArgumentException("port mappings are tcp or udp: " + protocol);
        }
    }
}
