package io.bridgelab.netfilter.packet;

/**
 * An IPv6 datagram, recognised and carried whole: the model's rules are IPv4 (iptables, not ip6tables),
 * but a bridge still forwards IPv6 frames and a capture comparison must see them.
 */
public record Ipv6Datagram(Bytes bytes) implements NetworkLayer {
    public Ipv6Datagram {
        if (bytes == null) {
            throw new IllegalArgumentException("IPv6 datagram needs its bytes");
        }
    }

    /** Next header of the fixed header, or -1 when the bytes are too short to hold one. */
    public int nextHeader() {
        return bytes.length() >= 40 ? bytes.get(6) : -1;
    }

    @Override
    public int etherType() {
        return Ethernet.TYPE_IPV6;
    }

    @Override
    public int length() {
        return bytes.length();
    }
}
