package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * What to trace: a program in {@code from} talks to {@code to:port} over {@code protocol} (TCP: an
 * HTTP GET like curl, or a POST with a size; UDP: one datagram; ICMP: one echo request, port ignored).
 *
 * @param source the source address to bind, or null to let the route choose
 * @param size   for UDP and ICMP, the first datagram's IP length in bytes (28-65535: {@code ping -s SIZE-28},
 *               {@code nc -u} with SIZE-28 bytes); for TCP, the body of a POST ({@code curl --data-binary}, 1-65535
 *               bytes), which the sender cuts into segments of the MSS; 0 for the programs' own small one
 */
public record Flow(String from, Ipv4Address source, Ipv4Address to, int port, int protocol, int size) {
    /** The smallest UDP datagram or ICMP echo: IP and UDP (or ICMP) headers, no data. */
    public static final int MIN_SIZE = 28;

    /** A flow whose first packet is the program's own small one. */
    public Flow(String from, Ipv4Address source, Ipv4Address to, int port, int protocol) {
        this(from, source, to, port, protocol, 0);
    }

    public Flow {
        int min = protocol == IpProtocol.TCP ? 1 : MIN_SIZE;
        if (size != 0 && (size < min || size > 65535)) {
            throw new IllegalArgumentException("size out of " + min + "..65535: " + size);
        }
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
                + (protocol == IpProtocol.ICMP ? "" : ":" + port) + "/" + IpProtocol.name(protocol)
                + (size == 0 ? "" : " (" + size + " bytes)");
    }
}
