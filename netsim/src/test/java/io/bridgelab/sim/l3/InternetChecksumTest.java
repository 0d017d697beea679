package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class InternetChecksumTest {
    private static final Ipv4Address SRC = Ipv4Address.parse("192.168.1.20");
    private static final Ipv4Address DST = Ipv4Address.parse("172.17.0.4");

    @Test
    void headerChecksumOfTheTextbookExample() {
        // 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7 (RFC 1071 style worked example).
        Ipv4Header h = new Ipv4Header(0, 0x73, 0, true, false, 0, 64, 17, 0, Ipv4Address.parse("192.168.0.1"),
                Ipv4Address.parse("192.168.0.199"), Bytes.EMPTY);
        assertThat(InternetChecksum.header(h)).isEqualTo(0xb861);
    }

    @Test
    void tcpChecksumVerifiesOverTheSerialisedSegment() {
        TcpSegment seg = Datagrams.tcp(43210, 80, 1_000_000, 5_000_001, TcpFlags.PSH | TcpFlags.ACK, "GET / HTTP/1.1\r\n\r\n!");
        Ipv4Datagram d = Datagrams.of(SRC, DST, 7, true, seg);
        TcpSegment t = (TcpSegment) d.transport();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        pseudo(b, 6, t.length());
        put16(b, t.sourcePort());
        put16(b, t.destinationPort());
        put32(b, t.sequence());
        put32(b, t.acknowledgement());
        put16(b, 5 << 12 | t.flags());
        put16(b, t.window());
        put16(b, t.checksum());
        put16(b, 0);
        b.writeBytes(t.payload().toArray());
        assertThat(sum(b.toByteArray())).as("one's complement sum including the checksum").isEqualTo(0xffff);
        assertThat(d.header().totalLength()).isEqualTo(20 + 20 + 19);
    }

    @Test
    void udpChecksumVerifiesAndIpHeaderChecksumToo() {
        Ipv4Datagram d = Datagrams.of(SRC, DST, 9, true, Datagrams.udp(1000, 53, "abc"));
        UdpDatagram u = (UdpDatagram) d.transport();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        pseudo(b, 17, 11);
        put16(b, 1000);
        put16(b, 53);
        put16(b, 11);
        put16(b, u.checksum());
        b.writeBytes("abc".getBytes());
        assertThat(sum(b.toByteArray())).isEqualTo(0xffff);
        assertThat(InternetChecksum.header(d.header().withChecksum(0))).isEqualTo(d.header().checksum());
    }

    @Test
    void ttlDecrementChangesTheHeaderChecksumAsTheKernelDoes() {
        Ipv4Datagram d = Datagrams.of(SRC, DST, 9, true, Datagrams.udp(1000, 53, "abc"));
        Ipv4Datagram after = InternetChecksum.refresh(d.withHeader(d.header().withTtl(63)));
        // ip_decrease_ttl adds 0x0100 to the checksum (one's complement): the incremental update.
        int expected = d.header().checksum() + 0x0100;
        expected = (expected & 0xffff) + (expected >>> 16);
        assertThat(after.header().checksum()).isEqualTo(expected);
    }

    private static void pseudo(ByteArrayOutputStream b, int proto, int length) {
        put32(b, SRC.bits() & 0xffffffffL);
        put32(b, DST.bits() & 0xffffffffL);
        put16(b, proto);
        put16(b, length);
    }

    private static void put16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8 & 0xff);
        b.write(v & 0xff);
    }

    private static void put32(ByteArrayOutputStream b, long v) {
        put16(b, (int) (v >>> 16 & 0xffff));
        put16(b, (int) (v & 0xffff));
    }

    private static int sum(byte[] bytes) {
        long s = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            int hi = bytes[i] & 0xff;
            int lo = i + 1 < bytes.length ? bytes[i + 1] & 0xff : 0;
            s += hi << 8 | lo;
        }
        while (s >>> 16 != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }
}
