package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/**
 * A conntrack tuple, as the kernel's {@code nf_conntrack_tuple}: addresses, protocol and the
 * protocol's "ports". For TCP/UDP these are the ports; for an ICMP query the source "port" is the echo
 * identifier and the destination "port" is {@code type << 8 | code} (the kernel keeps type and code in
 * the destination half, which is why the reply tuple of an echo request has type 0). Protocols without
 * ports carry zeros.
 */
public record Tuple(Ipv4Address source, Ipv4Address destination, int protocol, int sourcePort, int destinationPort) {

    public Tuple {
        if (source == null || destination == null) {
            throw new IllegalArgumentException("a tuple needs both addresses");
        }
        if (sourcePort < 0 || sourcePort > 0xffff || destinationPort < 0 || destinationPort > 0xffff) {
            throw new IllegalArgumentException("tuple ports out of 16 bits: " + sourcePort + "/" + destinationPort);
        }
    }

    /** An ICMP query tuple. */
    public static Tuple icmp(Ipv4Address source, Ipv4Address destination, int id, int type, int code) {
        return new Tuple(source, destination, IpProtocol.ICMP, id, type << 8 | code);
    }

    /**
     * The tuple of an IPv4 packet in its own direction, or null when the packet has no tuple of its own:
     * not IPv4, or an ICMP error (which belongs to the connection it quotes).
     */
    public static Tuple of(Packet packet) {
        if (!packet.isIpv4()) {
            return null;
        }
        Ipv4Header ip = packet.ip();
        Transport t = packet.transport();
        if (t instanceof TcpSegment tcp) {
            return new Tuple(ip.source(), ip.destination(), ip.protocol(), tcp.sourcePort(), tcp.destinationPort());
        }
        if (t instanceof UdpDatagram udp) {
            return new Tuple(ip.source(), ip.destination(), ip.protocol(), udp.sourcePort(), udp.destinationPort());
        }
        if (t instanceof IcmpMessage icmp) {
            if (icmp.isError()) {
                return null;
            }
            return icmp(ip.source(), ip.destination(), icmp.identifier(), icmp.type(), icmp.code());
        }
        return new Tuple(ip.source(), ip.destination(), ip.protocol(), 0, 0);
    }

    /**
     * The tuple of the datagram an ICMP error quotes, or null when the quote is too short to hold the
     * ports (the kernel then cannot relate the error).
     */
    public static Tuple ofQuoted(IcmpMessage error) {
        Ipv4Header inner = error.embedded();
        if (inner == null) {
            return null;
        }
        int p = inner.protocol();
        if (p == IpProtocol.TCP || p == IpProtocol.UDP) {
            if (error.data().length() < 4) {
                return null;
            }
            return new Tuple(inner.source(), inner.destination(), p, error.embeddedSourcePort(),
                    error.embeddedDestinationPort());
        }
        if (p == IpProtocol.ICMP) {
            if (error.data().length() < 8) {
                return null;
            }
            int type = error.data().get(0);
            int code = error.data().get(1);
            int id = error.data().get(4) << 8 | error.data().get(5);
            return icmp(inner.source(), inner.destination(), id, type, code);
        }
        return new Tuple(inner.source(), inner.destination(), p, 0, 0);
    }

    public boolean isIcmp() {
        return protocol == IpProtocol.ICMP;
    }

    /** ICMP type of an ICMP tuple. */
    public int icmpType() {
        return destinationPort >>> 8;
    }

    /** ICMP code of an ICMP tuple. */
    public int icmpCode() {
        return destinationPort & 0xff;
    }

    /** The ICMP identifier of an ICMP tuple. */
    public int icmpId() {
        return sourcePort;
    }

    /**
     * The tuple of the other direction (the kernel's {@code nf_ct_invert_tuple}). An ICMP type without an
     * inverse (a lone echo reply, for one) yields null.
     */
    public Tuple invert() {
        if (isIcmp()) {
            int inverse = IcmpTypes.inverse(icmpType());
            if (inverse < 0) {
                return null;
            }
            return icmp(destination, source, icmpId(), inverse, icmpCode());
        }
        return new Tuple(destination, source, protocol, destinationPort, sourcePort);
    }

    /**
     * Whether {@code other} is this tuple's {@link #invert() inverse}, asked without making the inverse: the
     * NAT setup asks it for every connection, and mostly the answer lets it keep a tuple it already holds.
     */
    public boolean isInverseOf(Tuple other) {
        if (isIcmp()) {
            Tuple inverse = invert();
            return inverse != null && inverse.equals(other);
        }
        return protocol == other.protocol && sourcePort == other.destinationPort
                && destinationPort == other.sourcePort && source.equals(other.destination)
                && destination.equals(other.source);
    }

    /** A copy with the source address and port (or ICMP id) replaced. */
    public Tuple withSource(Ipv4Address address, int port) {
        return new Tuple(address, destination, protocol, port, destinationPort);
    }

    /** A copy with the destination address and port replaced (ICMP keeps its type and code). */
    public Tuple withDestination(Ipv4Address address, int port) {
        return new Tuple(source, address, protocol, sourcePort, isIcmp() ? destinationPort : port);
    }

    /** Whether this protocol's tuple has ports NAT may change (TCP, UDP, or the ICMP id). */
    public boolean hasPorts() {
        return protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.ICMP
                || protocol == IpProtocol.SCTP || protocol == IpProtocol.UDPLITE;
    }

    // equals and hashCode by hand: every conntrack lookup hashes a tuple and compares it with the one in the
    // table, and the record's own methods go through ObjectMethods' method-handle chain. The hash is the
    // record's own value (each component folded in as 31 * h + c, in order), so hash-map order does not change.

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Tuple t && t.sourcePort == sourcePort && t.destinationPort == destinationPort
                && t.protocol == protocol && t.source.bits() == source.bits()
                && t.destination.bits() == destination.bits();
    }

    @Override
    public int hashCode() {
        return (((source.bits() * 31 + destination.bits()) * 31 + protocol) * 31 + sourcePort) * 31 + destinationPort;
    }

    @Override
    public String toString() {
        if (isIcmp()) {
            return "icmp " + source + " -> " + destination + " type=" + icmpType() + " code=" + icmpCode()
                    + " id=" + icmpId();
        }
        return IpProtocol.name(protocol) + " " + source + ":" + sourcePort + " -> " + destination + ":"
                + destinationPort;
    }
}
