package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
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
        Ipv4Header h = new Ipv4Header(0, 20 + t.length(), id, dontFragment, false, 0, DEFAULT_TTL, t.protocol(), 0,
                src, dst, Bytes.EMPTY);
        return InternetChecksum.refresh(new Ipv4Datagram(h, t));
    }

    public static TcpSegment tcp(int sport, int dport, long seq, long ack, int flags, String payload) {
        Bytes data = payload == null ? Bytes.EMPTY : Bytes.copyOf(payload.getBytes(StandardCharsets.US_ASCII));
        return new TcpSegment(sport, dport, seq & 0xffff_ffffL, ack & 0xffff_ffffL, flags, WINDOW, 0, 0,
                Bytes.EMPTY, data);
    }

    public static UdpDatagram udp(int sport, int dport, String payload) {
        Bytes data = Bytes.copyOf(payload.getBytes(StandardCharsets.US_ASCII));
        return new UdpDatagram(sport, dport, 8 + data.length(), 0, data);
    }

    public static IcmpMessage echo(int type, int identifier, int sequence, Bytes data) {
        return new IcmpMessage(type, 0, 0, identifier << 16 | sequence, null, data);
    }

    /**
     * ICMP destination unreachable quoting {@code original}: its IP header and the first 8 bytes of its
     * transport (RFC 792; Linux quotes more, up to 576 bytes in all, but 8 carry the ports NAT needs).
     */
    public static IcmpMessage unreachable(int code, Ipv4Datagram original) {
        byte[] head = new byte[8];
        if (original.transport() instanceof UdpDatagram u) {
            put16(head, 0, u.sourcePort());
            put16(head, 2, u.destinationPort());
            put16(head, 4, u.udpLength());
            put16(head, 6, u.checksum());
        } else if (original.transport() instanceof TcpSegment t) {
            put16(head, 0, t.sourcePort());
            put16(head, 2, t.destinationPort());
            head[4] = (byte) (t.sequence() >>> 24);
            head[5] = (byte) (t.sequence() >>> 16);
            head[6] = (byte) (t.sequence() >>> 8);
            head[7] = (byte) t.sequence();
        }
        return new IcmpMessage(IcmpMessage.DESTINATION_UNREACHABLE, code, 0, 0, original.header(),
                Bytes.copyOf(head));
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    /** The protocol's name for messages. */
    public static String proto(int protocol) {
        return IpProtocol.name(protocol);
    }
}
