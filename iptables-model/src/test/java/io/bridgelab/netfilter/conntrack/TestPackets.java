package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/** Small packet factories for tests (IP header without options, no link layer, every checksum right). */
public final class TestPackets {
    private TestPackets() {
    }

    public static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    public static Packet tcp(String src, int sport, String dst, int dport, int flags) {
        return datagram(src, dst, new TcpSegment(sport, dport, 1, 0, flags, 64240, 0, 0, null, null));
    }

    public static Packet udp(String src, int sport, String dst, int dport) {
        return datagram(src, dst, new UdpDatagram(sport, dport, 9, 0, Bytes.ofHex("78")));
    }

    public static Packet echo(String src, String dst, int type, int id) {
        return datagram(src, dst, new IcmpMessage(type, 0, 0, id << 16 | 1, null, Bytes.ofHex("0000000000000000")));
    }

    /** An ICMP error from {@code src} to {@code dst} quoting {@code quoted}'s IP header and 8 bytes. */
    public static Packet icmpError(String src, String dst, int type, int code, Packet quoted) {
        Ipv4Datagram q = quoted.ipv4();
        byte[] t = new byte[8];
        int sp = quoted.sourcePort();
        int dp = quoted.destinationPort();
        t[0] = (byte) (sp >>> 8);
        t[1] = (byte) sp;
        t[2] = (byte) (dp >>> 8);
        t[3] = (byte) dp;
        return datagram(src, dst, new IcmpMessage(type, code, 0, 0, q.header(), Bytes.copyOf(t)));
    }

    public static Packet datagram(String src, String dst, Transport t) {
        Ipv4Header h = new Ipv4Header(0, 20 + t.length(), 1, true, false, 0, 64, t.protocol(), 0, ip(src), ip(dst),
                null);
        // Checksums right, as a sender's stack makes them: conntrack's PREROUTING takes no other (tcp_error).
        return new Packet(null, InternetChecksum.refresh(new Ipv4Datagram(h, t)));
    }

    public static Packet in(Packet p, String inInterface) {
        return p.withMetadata(Metadata.NONE.withInInterface(inInterface));
    }

    public static int protocolOf(Packet p) {
        return p.isIpv4() ? p.ip().protocol() : IpProtocol.ICMP;
    }
}
