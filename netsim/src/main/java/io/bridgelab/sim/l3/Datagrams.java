package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

import java.nio.charset.StandardCharsets;

/** Builds the datagrams a Linux stack sends: TTL 64, DF on TCP and UDP, checksums filled in. */
public final class Datagrams {
    /** net.ipv4.ip_default_ttl. */
    public static final int DEFAULT_TTL = 64;
    /** The window Linux advertises before window scaling applies (what a fresh socket shows). */
    public static final int WINDOW = 64240;

    private Datagrams() {
    }

    public static Ipv4Datagram of(Ipv4Address src, Ipv4Address dst, int id, boolean dontFragment, Transport t) {
        // What refresh(new Ipv4Datagram(header with checksum 0, t)) gives, computed before the header is made: one
        // header and one datagram per packet sent instead of two of each (every RST a replay answers is one).
        Transport done = InternetChecksum.withTransportChecksum(src, dst, t);
        int totalLength = 20 + done.length();
        int checksum = InternetChecksum.header(0, totalLength, id, dontFragment, false, 0, DEFAULT_TTL, t.protocol(),
                src, dst, Bytes.EMPTY);
        return new Ipv4Datagram(new Ipv4Header(0, totalLength, id, dontFragment, false, 0, DEFAULT_TTL, t.protocol(),
                checksum, src, dst, Bytes.EMPTY), done);
    }

    public static TcpSegment tcp(int sport, int dport, long seq, long ack, int flags, String payload) {
        Bytes data = payload == null ? Bytes.EMPTY : Bytes.copyOf(payload.getBytes(StandardCharsets.US_ASCII));
        return new TcpSegment(sport, dport, seq & 0xffff_ffffL, ack & 0xffff_ffffL, flags, WINDOW, 0, 0,
                Bytes.EMPTY, data);
    }

    /**
     * {@link #tcp(int, int, long, long, int, String)} with its checksum already right for a datagram from {@code src}
     * to {@code dst}: {@link #of} then keeps it as it is instead of making it again with the checksum.
     */
    public static TcpSegment tcp(Ipv4Address src, Ipv4Address dst, int sport, int dport, long seq, long ack, int flags,
                                 String payload) {
        return tcp(src, dst, sport, dport, seq, ack, flags, Bytes.EMPTY, payload);
    }

    /** The same with TCP options (a SYN's MSS). */
    public static TcpSegment tcp(Ipv4Address src, Ipv4Address dst, int sport, int dport, long seq, long ack, int flags,
                                 Bytes options, String payload) {
        Bytes data = payload == null ? Bytes.EMPTY : Bytes.copyOf(payload.getBytes(StandardCharsets.US_ASCII));
        long s = seq & 0xffff_ffffL;
        long a = ack & 0xffff_ffffL;
        int checksum = InternetChecksum.tcp(src, dst, sport, dport, s, a, flags, WINDOW, 0, options, data);
        return new TcpSegment(sport, dport, s, a, flags, WINDOW, checksum, 0, options, data);
    }

    /** The MSS option (kind 2, length 4) announcing {@code mss}. */
    public static Bytes mssOption(int mss) {
        return Bytes.copyOf(new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss});
    }

    /**
     * An RST as the kernel makes one without a socket (tcp_v4_send_reset, nf_reject_ip_tcphdr_put): no options, no
     * payload, window 0, its checksum right for a datagram from {@code src} to {@code dst}.
     */
    public static TcpSegment reset(Ipv4Address src, Ipv4Address dst, int sport, int dport, long seq, long ack,
                                   int flags) {
        long s = seq & 0xffff_ffffL;
        long a = ack & 0xffff_ffffL;
        int checksum = InternetChecksum.tcp(src, dst, sport, dport, s, a, flags, 0, 0, Bytes.EMPTY, Bytes.EMPTY);
        return new TcpSegment(sport, dport, s, a, flags, 0, checksum, 0, Bytes.EMPTY, Bytes.EMPTY);
    }

    /**
     * The RST the kernel answers {@code seg}, which came in a datagram with header {@code ip}, with when no socket takes it (tcp_v4_send_reset) or a REJECT rule
     * refuses it (nf_reject_iphdr_put, nf_reject_ip_tcphdr_put): from its destination to its source, ID 0, DF, TTL 64,
     * TOS 0; sequence number = its acknowledgement when it had ACK, else 0 with an ACK of everything it carried.
     */
    public static Ipv4Datagram resetAnswering(Ipv4Header ip, TcpSegment seg) {
        boolean ack = seg.has(TcpFlags.ACK);
        long seq = ack ? seg.acknowledgement() : 0;
        long acknowledged = ack ? 0 : seg.sequence() + seg.payload().length() + (seg.has(TcpFlags.SYN) ? 1 : 0)
                + (seg.has(TcpFlags.FIN) ? 1 : 0);
        TcpSegment rst = reset(ip.destination(), ip.source(), seg.destinationPort(), seg.sourcePort(), seq,
                acknowledged, ack ? TcpFlags.RST : TcpFlags.RST | TcpFlags.ACK);
        return of(ip.destination(), ip.source(), 0, true, rst);
    }

    public static UdpDatagram udp(int sport, int dport, String payload) {
        return udp(sport, dport, Bytes.copyOf(payload.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A datagram carrying {@code data} as it is (a proxy's copy of what it read); its checksum is set on sending. */
    public static UdpDatagram udp(int sport, int dport, Bytes data) {
        return new UdpDatagram(sport, dport, 8 + data.length(), 0, data);
    }

    public static IcmpMessage echo(int type, int identifier, int sequence, Bytes data) {
        return new IcmpMessage(type, 0, 0, identifier << 16 | sequence, null, data);
    }

    /** IPTOS_PREC_INTERNETCONTROL: the TOS icmp_send() puts on the errors the kernel itself sends. */
    public static final int ICMP_ERROR_TOS = 0xc0;
    /** icmp_send() quotes the offending datagram up to 576 bytes of error in all (RFC 1812 4.3.2.3). */
    static final int ICMP_ERROR_MAX = 576;

    /**
     * An ICMP error as the kernel's icmp_send() makes it: TOS 0xc0, DF clear (the ICMP socket does no
     * path MTU discovery), TTL 64.
     */
    public static Ipv4Datagram icmpError(Ipv4Address src, Ipv4Address dst, int id, IcmpMessage error) {
        return icmpError(src, dst, ICMP_ERROR_TOS, id, error);
    }

    /** The same with the TOS {@code tos} (icmp_send's: the offending packet's TOS bits, precedence 0xc0). */
    public static Ipv4Datagram icmpError(Ipv4Address src, Ipv4Address dst, int tos, int id, IcmpMessage error) {
        Ipv4Header h = new Ipv4Header(tos, 20 + error.length(), id, false, false, 0, DEFAULT_TTL,
                IpProtocol.ICMP, 0, src, dst, Bytes.EMPTY);
        return InternetChecksum.refresh(new Ipv4Datagram(h, error));
    }

    /**
     * ICMP destination unreachable quoting {@code original} as Linux does: its IP header and as much of
     * what follows as fits in a 576-byte error.
     */
    public static IcmpMessage unreachable(int code, Ipv4Datagram original) {
        return quoting(IcmpMessage.DESTINATION_UNREACHABLE, code, original);
    }

    /** An ICMP error of {@code type} and {@code code} quoting {@code original} as {@link #unreachable} does. */
    public static IcmpMessage quoting(int type, int code, Ipv4Datagram original) {
        return quoting(type, code, 0, original);
    }

    /**
     * The same with the header's second word {@code restOfHeader}: for fragmentation needed, the next hop's MTU in
     * its low 16 bits (RFC 1191).
     */
    public static IcmpMessage quoting(int type, int code, int restOfHeader, Ipv4Datagram original) {
        byte[] whole = io.bridgelab.pcap.codec.FrameEncoder.encode(new io.bridgelab.netfilter.packet.Packet(null,
                original));
        int ihl = original.header().headerLength();
        int room = ICMP_ERROR_MAX - 20 - 8 - ihl;
        int quoted = Math.max(0, Math.min(whole.length - ihl, room));
        return new IcmpMessage(type, code, 0, restOfHeader, original.header(),
                Bytes.copyOf(java.util.Arrays.copyOfRange(whole, ihl, ihl + quoted)));
    }

    /** The protocol's name for messages. */
    public static String proto(int protocol) {
        return IpProtocol.name(protocol);
    }
}
