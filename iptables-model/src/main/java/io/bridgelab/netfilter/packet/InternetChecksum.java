package io.bridgelab.netfilter.packet;

/**
 * RFC 1071 checksums computed from the packet values: the IPv4 header's, and TCP's and UDP's over
 * the pseudo-header. The kernel updates these incrementally after NAT and TTL changes (so does
 * {@link #withTtl}); for a checksum that was right before, a full recomputation gives the same value.
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /**
     * The datagram with total length, header checksum and transport checksum all made right. When they
     * already are (a forwarded packet whose NAT and TTL changes were applied incrementally), the same
     * datagram comes back: only what differs is rebuilt.
     */
    public static Ipv4Datagram refresh(Ipv4Datagram d) {
        Ipv4Header h = d.header();
        Transport t = withTransportChecksum(h, d.transport());
        int totalLength = h.headerLength() + t.length();
        int checksum = header(h, totalLength);
        if (totalLength != h.totalLength() || checksum != h.checksum()) {
            h = new Ipv4Header(h.tos(), totalLength, h.identification(), h.dontFragment(), h.moreFragments(),
                    h.fragmentOffset(), h.ttl(), h.protocol(), checksum, h.source(), h.destination(), h.options());
        } else if (t == d.transport()) {
            return d;
        }
        return new Ipv4Datagram(h, t);
    }

    /** {@link #refresh(Ipv4Datagram)} of an IPv4 packet's datagram; the same packet when nothing changes. */
    public static Packet refresh(Packet packet) {
        Ipv4Datagram d = packet.ipv4();
        Ipv4Datagram refreshed = refresh(d);
        return refreshed == d ? packet : packet.withNetwork(refreshed);
    }

    /**
     * The datagram with a new TTL (ip_decrease_ttl on forwarding): only the IP header's checksum changes,
     * and the kernel adjusts it for the one changed word (RFC 1624) instead of summing the header again; the
     * transport checksum does not cover the TTL. A header whose checksum was wrong stays wrong by as much,
     * as in the kernel (ip_rcv already dropped such a packet, so forwarding meets only right ones).
     */
    public static Ipv4Datagram withTtl(Ipv4Datagram d, int ttl) {
        Ipv4Header h = d.header();
        int checksum = replace16(h.checksum(), h.ttl() << 8 | h.protocol(), ttl << 8 | h.protocol());
        return d.withHeader(new Ipv4Header(h.tos(), h.totalLength(), h.identification(), h.dontFragment(),
                h.moreFragments(), h.fragmentOffset(), ttl, h.protocol(), checksum, h.source(), h.destination(),
                h.options()));
    }

    /**
     * RFC 1624 eqn. 3, as the kernel's csum_replace2: the checksum after one 16-bit word of the data it covers
     * changed from {@code old} to {@code now}.
     */
    public static int replace16(int checksum, int old, int now) {
        int sum = (~checksum & 0xffff) + (~old & 0xffff) + (now & 0xffff);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    /** The same for a 32-bit value (an address) changing: two words, as the kernel's csum_replace4. */
    public static int replace32(int checksum, int old, int now) {
        return replace16(replace16(checksum, old >>> 16, now >>> 16), old & 0xffff, now & 0xffff);
    }

    /** Whether the header's checksum is right (ip_rcv_core drops the datagram otherwise). */
    public static boolean headerValid(Ipv4Header h) {
        return header(h) == h.checksum();
    }

    /** The IPv4 header checksum. */
    public static int header(Ipv4Header h) {
        return header(h, h.totalLength());
    }

    /** The checksum {@code h} would have with {@code totalLength} in its length field. */
    private static int header(Ipv4Header h, int totalLength) {
        return header(h.tos(), totalLength, h.identification(), h.dontFragment(), h.moreFragments(),
                h.fragmentOffset(), h.ttl(), h.protocol(), h.source(), h.destination(), h.options());
    }

    /** The checksum of the IPv4 header with these fields, before the header is made. */
    public static int header(int tos, int totalLength, int identification, boolean dontFragment, boolean moreFragments,
                      int fragmentOffset, int ttl, int protocol, Ipv4Address source, Ipv4Address destination,
                      Bytes options) {
        long sum = 0;
        sum += (0x45 + options.length() / 4) << 8 | tos;
        sum += totalLength;
        sum += identification;
        sum += (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset;
        sum += ttl << 8 | protocol;
        sum += source.bits() >>> 16;
        sum += source.bits() & 0xffff;
        sum += destination.bits() >>> 16;
        sum += destination.bits() & 0xffff;
        sum += words(options);
        return fold(sum);
    }

    /**
     * The checksum the receiving stack would find right for {@code t} in a datagram with header {@code h}, or -1 when
     * the stack takes the carried one: it is right, or a UDP datagram carries none (0), or the checksum was left to
     * the device ({@link #isPartial}), or {@code t} is no TCP, UDP or ICMP message, or {@code h} is a fragment's
     * (the kernel checks the reassembled datagram, which one fragment does not show).
     */
    public static int expectedTransportChecksum(Ipv4Header h, Transport t) {
        int carried = carriedChecksum(t);
        if (carried < 0 || t instanceof UdpDatagram && carried == 0 || h.moreFragments() || h.fragmentOffset() != 0
                || isPartial(h, t)) {
            return -1;
        }
        int right = transportChecksum(h.source(), h.destination(), t);
        return right == carried ? -1 : right;
    }

    /** Whether a receiving stack (or conntrack's check in PREROUTING) takes {@code t}'s checksum. */
    public static boolean transportChecksumAccepted(Ipv4Header h, Transport t) {
        return expectedTransportChecksum(h, t) < 0;
    }

    /** The checksum field {@code t} carries, or -1 when it is no TCP, UDP or ICMP message. */
    public static int carriedChecksum(Transport t) {
        return t instanceof TcpSegment tcp ? tcp.checksum() : t instanceof UdpDatagram udp ? udp.checksum()
                : t instanceof IcmpMessage icmp ? icmp.checksum() : -1;
    }

    /**
     * What a TCP or UDP checksum field holds while the checksum is left to the device (the kernel's
     * CHECKSUM_PARTIAL, with TX checksum offload on): the pseudo-header's one's complement sum, not complemented
     * ({@code tcp_v4_send_check}, {@code udp4_hwcsum}); -1 for any other message. tcpdump shows such a segment,
     * captured on its way out or on a veth's far end, with an "incorrect" checksum of this value.
     */
    public static int partialChecksum(Ipv4Header h, Transport t) {
        if (t instanceof TcpSegment tcp) {
            return ~fold(pseudo(h.source(), h.destination(), IpProtocol.TCP,
                    20 + tcp.options().length() + tcp.payload().length())) & 0xffff;
        }
        if (t instanceof UdpDatagram udp) {
            return ~fold(pseudo(h.source(), h.destination(), IpProtocol.UDP, 8 + udp.payload().length())) & 0xffff;
        }
        return -1;
    }

    /**
     * Whether {@code t}'s checksum was left to the device: it holds {@link #partialChecksum}. The kernel knows
     * this from the buffer's state, which stays with a packet across a veth and a bridge; a capture keeps only the
     * bytes, and this value is what they show. (A right or a wrong checksum equals it by chance once in 65,536;
     * a right one is then completed to itself.)
     */
    public static boolean isPartial(Ipv4Header h, Transport t) {
        int partial = partialChecksum(h, t);
        return partial >= 0 && partial == carriedChecksum(t);
    }

    /**
     * The datagram as a socket hands it to the stack: a TCP segment's checksum always, a UDP datagram's when its
     * device offloads it, left to the device ({@code tcp_v4_send_check}, {@code udp4_hwcsum}) and completed when a
     * device without offload sends it ({@link #completePartial}). Other datagrams come back unchanged.
     */
    public static Ipv4Datagram leftToDevice(Ipv4Datagram d) {
        Transport t = d.transport();
        int partial = partialChecksum(d.header(), t);
        if (partial < 0 || partial == carriedChecksum(t)) {
            return d;
        }
        return d.withTransport(t instanceof TcpSegment tcp ? tcp.withChecksum(partial)
                : ((UdpDatagram) t).withChecksum(partial));
    }

    /**
     * The packet as a device without TX checksum offload sends it: a checksum left to the device is completed
     * ({@code skb_checksum_help} in {@code validate_xmit_skb}, before tcpdump's tap); any other, right or wrong,
     * is sent as it is. The same packet when nothing changes.
     */
    public static Packet completePartial(Packet packet) {
        if (!packet.isIpv4()) {
            return packet;
        }
        Ipv4Datagram d = packet.ipv4();
        if (!isPartial(d.header(), d.transport())) {
            return packet;
        }
        Transport t = withTransportChecksum(d.header(), d.transport());
        return t == d.transport() ? packet : packet.withNetwork(d.withTransport(t));
    }

    private static Transport withTransportChecksum(Ipv4Header h, Transport t) {
        return withTransportChecksum(h.source(), h.destination(), t);
    }

    /** {@code t} with its checksum right for a datagram from {@code source} to {@code destination}. */
    public static Transport withTransportChecksum(Ipv4Address source, Ipv4Address destination, Transport t) {
        int c = transportChecksum(source, destination, t);
        if (t instanceof TcpSegment tcp) {
            return c == tcp.checksum() ? tcp : tcp.withChecksum(c);
        }
        if (t instanceof UdpDatagram udp) {
            int length = 8 + udp.payload().length();
            return length == udp.udpLength() && c == udp.checksum() ? udp
                    : new UdpDatagram(udp.sourcePort(), udp.destinationPort(), length, c, udp.payload());
        }
        if (t instanceof IcmpMessage icmp) {
            return c == icmp.checksum() ? icmp : icmp.withChecksum(c);
        }
        return t;
    }

    /**
     * The checksum {@code t} must carry in a datagram from {@code source} to {@code destination} (a UDP datagram's
     * over its length made right), or -1 when it is no TCP, UDP or ICMP message.
     */
    public static int transportChecksum(Ipv4Address source, Ipv4Address destination, Transport t) {
        if (t instanceof TcpSegment tcp) {
            return tcp(source, destination, tcp.sourcePort(), tcp.destinationPort(), tcp.sequence(),
                    tcp.acknowledgement(), tcp.flags(), tcp.window(), tcp.urgentPointer(), tcp.options(), tcp.payload());
        }
        if (t instanceof UdpDatagram udp) {
            int length = 8 + udp.payload().length();
            long sum = pseudo(source, destination, IpProtocol.UDP, length);
            sum += udp.sourcePort() + udp.destinationPort() + length;
            sum += words(udp.payload());
            int c = fold(sum);
            // UDP sends a computed zero as all ones: zero means "no checksum".
            return c == 0 ? 0xffff : c;
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
            return fold(sum);
        }
        return -1;
    }

    /** The checksum of the TCP segment with these fields, sent from {@code source} to {@code destination}. */
    public static int tcp(Ipv4Address source, Ipv4Address destination, int sourcePort, int destinationPort, long sequence,
                   long acknowledgement, int flags, int window, int urgentPointer, Bytes options, Bytes payload) {
        int headerLength = 20 + options.length();
        long sum = pseudo(source, destination, IpProtocol.TCP, headerLength + payload.length());
        sum += sourcePort + destinationPort;
        sum += (sequence >>> 16) + (sequence & 0xffff);
        sum += (acknowledgement >>> 16) + (acknowledgement & 0xffff);
        sum += (headerLength / 4) << 12 | flags;
        sum += window + urgentPointer;
        sum += words(options);
        sum += words(payload);
        return fold(sum);
    }

    private static long pseudo(Ipv4Address source, Ipv4Address destination, int protocol, int length) {
        return (source.bits() >>> 16) + (source.bits() & 0xffff)
                + (destination.bits() >>> 16) + (destination.bits() & 0xffff)
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
