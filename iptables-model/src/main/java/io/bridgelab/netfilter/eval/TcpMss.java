package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.rule.TcpmssTarget;

/**
 * What {@code -j TCPMSS} does to a segment (xt_TCPMSS's tcpmss_mangle_packet): an MSS option larger than the new MSS
 * is lowered, never raised; a segment without one and without data gets one of at most 536 bytes (RFC 879's default
 * for a peer that said nothing), in front of its other options. The TCP checksum follows by difference
 * (inet_proto_csum_replace: a wrong one stays as wrong), and a checksum left to the device keeps only its
 * pseudo-header's share, which an inserted option changes by the length; the IP header's total length and checksum
 * follow an inserted option.
 */
final class TcpMss {
    /** sizeof(struct iphdr) + sizeof(struct tcphdr): what the path's MTU leaves for the MSS. */
    static final int HEADERS = 40;
    private static final int KIND_MSS = 2;
    private static final int LENGTH_MSS = 4;
    /** RFC 879's MSS for a peer that announced none. */
    static final int DEFAULT_MSS = 536;

    private TcpMss() {
    }

    /**
     * The packet as the target leaves it, or null when clamping finds no usable path MTU (the kernel then drops the
     * packet: "unknown or invalid path-MTU").
     */
    static Packet apply(TcpmssTarget target, Packet packet, HostView host) {
        if (!(packet.transport() instanceof TcpSegment tcp) || packet.ip().isLaterFragment()) {
            return packet;
        }
        int newMss = target.mss();
        if (target.clampToPmtu()) {
            // tcpmss_reverse_mtu: the smaller of the route's MTU and that of the route back to the sender.
            int mtu = Math.min(host.routeMtu(packet.ip().destination()), host.routeMtu(packet.ip().source()));
            if (mtu <= HEADERS) {
                return null;
            }
            newMss = mtu - HEADERS;
        }
        byte[] options = tcp.options().toArray();
        int at = tcp.mssOptionOffset();
        if (at >= 0) {
            int oldMss = tcp.mss();
            if (oldMss <= newMss) {
                return packet;
            }
            options[at + 2] = (byte) (newMss >>> 8);
            options[at + 3] = (byte) newMss;
            int checksum = InternetChecksum.isPartial(packet.ip(), tcp) ? tcp.checksum()
                    : InternetChecksum.replace16(tcp.checksum(), oldMss, newMss);
            return with(packet, packet.ip(), segment(tcp, checksum, Bytes.copyOf(options)));
        }
        int headerLength = 20 + options.length;
        if (tcp.payload().length() > 0 || headerLength >= 15 * 4) {
            // Data after the header would have to move (and might make the SYN too big); a full header has no room.
            return packet;
        }
        int mss = Math.min(newMss, DEFAULT_MSS);
        byte[] grown = new byte[options.length + LENGTH_MSS];
        grown[0] = KIND_MSS;
        grown[1] = LENGTH_MSS;
        grown[2] = (byte) (mss >>> 8);
        grown[3] = (byte) mss;
        System.arraycopy(options, 0, grown, LENGTH_MSS, options.length);
        Ipv4Header ip = packet.ip();
        int length = ip.totalLength() - ip.headerLength();
        Ipv4Header grownIp = ip.withTotalLength(ip.totalLength() + LENGTH_MSS)
                .withChecksum(InternetChecksum.replace16(ip.checksum(), ip.totalLength(), ip.totalLength() + LENGTH_MSS));
        TcpSegment longer = segment(tcp, tcp.checksum(), Bytes.copyOf(grown));
        int checksum;
        if (InternetChecksum.isPartial(ip, tcp)) {
            checksum = InternetChecksum.partialChecksum(grownIp, longer);
        } else {
            int oldWord = (headerLength / 4) << 12 | tcp.flags();
            int newWord = (headerLength / 4 + 1) << 12 | tcp.flags();
            checksum = InternetChecksum.replace16(tcp.checksum(), length, length + LENGTH_MSS);
            checksum = InternetChecksum.replace32(checksum, 0, (KIND_MSS << 24) | (LENGTH_MSS << 16) | mss);
            checksum = InternetChecksum.replace16(checksum, oldWord, newWord);
        }
        return with(packet, grownIp, segment(longer, checksum, longer.options()));
    }

    private static TcpSegment segment(TcpSegment t, int checksum, Bytes options) {
        return new TcpSegment(t.sourcePort(), t.destinationPort(), t.sequence(), t.acknowledgement(), t.flags(),
                t.window(), checksum, t.urgentPointer(), options, t.payload());
    }

    private static Packet with(Packet p, Ipv4Header ip, TcpSegment tcp) {
        return p.withNetwork(new Ipv4Datagram(ip, tcp));
    }
}
