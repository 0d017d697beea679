package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * What to trace: a program in {@code from} talks to {@code to:port} over {@code protocol} (TCP: an
 * HTTP GET like curl; UDP: one datagram; ICMP: one echo request, port ignored).
 *
 * @param source the source address to bind, or null to let the route choose
 */
public record Flow(String from, Ipv4Address source, Ipv4Address to, int port, int protocol) {
    public Flow {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a flow needs a source node and a destination address");
        }
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != IpProtocol.ICMP) {
            throw new IllegalArgumentException("protocol must be tcp, udp or icmp: " + IpProtocol.name(protocol));
        }
        if (protocol != IpProtocol.ICMP && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port out of 1..65535: " + port);
        }
    }

    /** {@code client -> 192.168.1.10:8088/tcp}. */
    @Override
    public String toString() {
        return from + (source == null ? "" : "(" + source + ")") + " -> " + to
                + (protocol == IpProtocol.ICMP ? "" : ":" + port) + "/" + IpProtocol.name(protocol);
    }
}
