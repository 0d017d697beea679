package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/**
 * RFC 1071 checksums computed from the packet values: the IPv4 header's, and TCP's and UDP's over
 * the pseudo-header. The kernel recomputes these incrementally after NAT and TTL changes; a full
 * recomputation gives the same value.
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /** The datagram with total length, header checksum and transport checksum all made right. */
    public static Ipv4Datagram refresh(Ipv4Datagram d) {
        Transport t = withTransportChecksum(d.header(), d.transport());
        Ipv4Header h = d.header().withTotalLength(d.header().headerLength() + t.length());
        h = h.withChecksum(header(h));
        return new Ipv4Datagram(h, t);
    }

    /**
     * The datagram with a new TTL (ip_decrease_ttl on forwarding): only the IP header's checksum changes;
     * the transport checksum does not cover the TTL.
     */
    public static Ipv4Datagram withTtl(Ipv4Datagram d, int ttl) {
        Ipv4Header h = d.header().withTtl(ttl);
        return d.withHeader(h.withChecksum(header(h)));
    }

    /** Whether the header's checksum is right (ip_rcv_core drops the datagram otherwise). */
    public static boolean headerValid(Ipv4Header h) {
        return header(h) == h.checksum();
    }

    /** The IPv4 header checksum. */
    public static int header(Ipv4Header h) {
        long sum = 0;
        sum += (0x45 + h.options().length() / 4) << 8 | h.tos();
        sum += h.totalLength();
        sum += h.identification();
        sum += (h.dontFragment() ? 0x4000 : 0) | (h.moreFragments() ? 0x2000 : 0) | h.fragmentOffset();
        sum += h.ttl() << 8 | h.protocol();
        sum += h.source().bits() >>> 16;
        sum += h.source().bits() & 0xffff;
        sum += h.destination().bits() >>> 16;
        sum += h.destination().bits() & 0xffff;
        sum += words(h.options());
        return fold(sum);
    }

    private static Transport withTransportChecksum(Ipv4Header h, Transport t) {
        if (t instanceof TcpSegment tcp) {
            long sum = pseudo(h, IpProtocol.TCP, tcp.length());
            sum += tcp.sourcePort() + tcp.destinationPort();
            sum += (tcp.sequence() >>> 16) + (tcp.sequence() & 0xffff);
            sum += (tcp.acknowledgement() >>> 16) + (tcp.acknowledgement() & 0xffff);
            sum += (tcp.headerLength() / 4) << 12 | tcp.flags();
            sum += tcp.window() + tcp.urgentPointer();
            sum += words(tcp.options());
            sum += words(tcp.payload());
            return tcp.withChecksum(fold(sum));
        }
        if (t instanceof UdpDatagram udp) {
            int length = 8 + udp.payload().length();
            long sum = pseudo(h, IpProtocol.UDP, length);
            sum += udp.sourcePort() + udp.destinationPort() + length;
            sum += words(udp.payload());
            int c = fold(sum);
            // UDP sends a computed zero as all ones: zero means "no checksum".
            return new UdpDatagram(udp.sourcePort(), udp.destinationPort(), length, c == 0 ? 0xffff : c,
                    udp.payload());
        }
        if (t instanceof IcmpMessage icmp) {
            long sum = (icmp.type() << 8 | icmp.code());
            sum += (icmp.restOfHeader() >>> 16) + (icmp.restOfHeader() & 0xffff);
            if (icmp.embedded() != null) {
                Ipv4Header e = icmp.embedded();
                sum += (0x45 + e.options().length() / 4) << 8 | e.tos();
                sum += e.totalLength() + e.identification();
                sum += (e.dontFragment() ? 0x4000 : 0) | (e.moreFragments() ? 0x2000 : 0) | e.fragmentOffset();
                sum += e.ttl() << 8 | e.protocol();
                sum += e.checksum();
                sum += (e.source().bits() >>> 16) + (e.source().bits() & 0xffff);
                sum += (e.destination().bits() >>> 16) + (e.destination().bits() & 0xffff);
                sum += words(e.options());
            }
            sum += words(icmp.data());
            return icmp.withChecksum(fold(sum));
        }
        return t;
    }

    private static long pseudo(Ipv4Header h, int protocol, int length) {
        return (h.source().bits() >>> 16) + (h.source().bits() & 0xffff)
                + (h.destination().bits() >>> 16) + (h.destination().bits() & 0xffff)
                + protocol + length;
    }

    private static long words(Bytes b) {
        long sum = 0;
        int n = b.length();
        for (int i = 0; i + 1 < n; i += 2) {
            sum += b.get(i) << 8 | b.get(i + 1);
        }
        if ((n & 1) == 1) {
            sum += b.get(n - 1) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
