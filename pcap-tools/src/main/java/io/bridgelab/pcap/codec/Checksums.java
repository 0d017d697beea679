package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/**
 * Internet checksums (RFC 1071) as the kernel fills them in: the IPv4 header checksum, the TCP and UDP
 * checksums over the pseudo header, the ICMP checksum over the whole message, and the header checksum of
 * the datagram an ICMP error quotes (NAT rewrites its addresses). Transport checksums of fragments are
 * left as carried: they cover the reassembled datagram, which one fragment does not hold.
 */
public final class Checksums {
    private Checksums() {
    }

    /** The packet with every checksum it carries recomputed; non-IPv4 packets come back unchanged. */
    public static Packet recompute(Packet packet) {
        if (!(packet.network() instanceof Ipv4Datagram d)) {
            return packet;
        }
        Ipv4Header header = d.header();
        Transport transport = d.transport();
        if (!header.isFragment()) {
            transport = transport(header, transport);
        }
        header = header.withChecksum(ipv4Header(header));
        return packet.withNetwork(new Ipv4Datagram(header, transport));
    }

    /** The header checksum this IPv4 header should carry. */
    public static int ipv4Header(Ipv4Header header) {
        byte[] b = new byte[header.headerLength()];
        FrameEncoder.ipv4Header(header.withChecksum(0), b, 0);
        return fold(sum(b, 0, b.length, 0));
    }

    private static Transport transport(Ipv4Header ip, Transport transport) {
        if (transport instanceof TcpSegment t) {
            return t.withChecksum(pseudo(ip, IpProtocol.TCP, encode(t.withChecksum(0))));
        } else if (transport instanceof UdpDatagram u) {
            int c = pseudo(ip, IpProtocol.UDP, encode(u.withChecksum(0)));
            // RFC 768: a computed 0 is sent as all ones, since 0 means "no checksum".
            return u.withChecksum(c == 0 ? 0xffff : c);
        } else if (transport instanceof IcmpMessage m) {
            IcmpMessage fixed = m.embedded() == null ? m : new IcmpMessage(m.type(), m.code(), m.checksum(),
                    m.restOfHeader(), m.embedded().withChecksum(ipv4Header(m.embedded())), m.data());
            byte[] b = encode(fixed.withChecksum(0));
            return fixed.withChecksum(fold(sum(b, 0, b.length, 0)));
        }
        return transport;
    }

    private static byte[] encode(Transport t) {
        byte[] b = new byte[t.length()];
        FrameEncoder.transport(t, b, 0);
        return b;
    }

    private static int pseudo(Ipv4Header ip, int protocol, byte[] segment) {
        long s = 0;
        int src = ip.source().bits();
        int dst = ip.destination().bits();
        s += (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + segment.length;
        return fold(sum(segment, 0, segment.length, s));
    }

    /** One's-complement sum of 16-bit big-endian words (odd length padded with zero), unfolded. */
    public static long sum(byte[] b, int offset, int length, long initial) {
        long s = initial;
        int end = offset + length - 1;
        int i = offset;
        for (; i < end; i += 2) {
            s += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i == end) {
            s += (b[i] & 0xff) << 8;
        }
        return s;
    }

    /** Folds a sum to 16 bits and complements it. */
    public static int fold(long s) {
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }
}
