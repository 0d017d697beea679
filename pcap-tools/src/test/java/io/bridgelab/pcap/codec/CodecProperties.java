package io.bridgelab.pcap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.packet.VlanTag;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Packets a simulator could build (any field values, consistent lengths) encode and decode back to the
 * same value, and recomputed checksums verify over the encoded bytes as a receiver would check them.
 */
class CodecProperties {

    @Property(tries = 500)
    void encodeThenDecodeIsIdentity(@ForAll("packets") Packet p) {
        byte[] frame = FrameEncoder.encode(p);
        assertThat(FrameDecoder.decodeEthernet(frame, 0, frame.length)).isEqualTo(p);
    }

    @Property(tries = 500)
    void recomputedChecksumsVerify(@ForAll("packets") Packet p) {
        Packet fixed = Checksums.recompute(p);
        assertThat(Checksums.recompute(fixed)).isEqualTo(fixed);
        byte[] f = FrameEncoder.encode(fixed);
        int ip = fixed.ethernet().headerLength();
        int ihl = fixed.ip().headerLength();
        // A correct Internet checksum makes the one's-complement sum of the covered words 0xffff.
        assertThat(Checksums.fold(Checksums.sum(f, ip, ihl, 0))).isZero();
        Transport t = fixed.transport();
        int l4 = ip + ihl;
        if (t instanceof TcpSegment || t instanceof UdpDatagram) {
            long pseudo = (fixed.ip().source().bits() >>> 16) + (fixed.ip().source().bits() & 0xffff)
                    + (fixed.ip().destination().bits() >>> 16) + (fixed.ip().destination().bits() & 0xffff)
                    + t.protocol() + t.length();
            assertThat(Checksums.fold(Checksums.sum(f, l4, t.length(), pseudo))).isZero();
        } else if (t instanceof IcmpMessage) {
            assertThat(Checksums.fold(Checksums.sum(f, l4, t.length(), 0))).isZero();
        }
    }

    @Provide
    Arbitrary<Packet> packets() {
        Arbitrary<Transport> transport = Arbitraries.oneOf(tcp(), udp(), icmp());
        Arbitrary<VlanTag> vlan = Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4095)).as(VlanTag::new).injectNull(0.5);
        return Combinators.combine(macs(), macs(), vlan, header(), transport, bytes(0, 8).map(b -> b))
                .as((dst, src, tag, h, t, trailer) -> {
                    Ipv4Header full = new Ipv4Header(h.tos(), h.headerLength() + t.length(), h.identification(),
                            h.dontFragment(), false, 0, h.ttl(), t.protocol(), h.checksum(), h.source(),
                            h.destination(), h.options());
                    return new Packet(new Ethernet(dst, src, tag, Ethernet.TYPE_IPV4), new Ipv4Datagram(full, t),
                            trailer, null);
                });
    }

    private static Arbitrary<MacAddress> macs() {
        return Arbitraries.longs().between(0, 0xffff_ffff_ffffL).map(MacAddress::new);
    }

    private static Arbitrary<Ipv4Address> ips() {
        return Arbitraries.integers().map(Ipv4Address::new);
    }

    private static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    private static Arbitrary<Bytes> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(Bytes::copyOf);
    }

    private static Arbitrary<Bytes> words(int maxWords) {
        return Arbitraries.integers().between(0, maxWords).flatMap(n -> bytes(4 * n, 4 * n));
    }

    private static Arbitrary<Ipv4Header> header() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), u16(), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 255), u16(), ips(), ips(), words(10))
                .as((tos, id, df, ttl, sum, s, d, opts) ->
                        new Ipv4Header(tos, 20 + opts.length(), id, df, false, 0, ttl, 0, sum, s, d, opts));
    }

    private static Arbitrary<Transport> tcp() {
        return Combinators.combine(u16(), u16(), Arbitraries.longs().between(0, 0xffff_ffffL),
                Arbitraries.longs().between(0, 0xffff_ffffL), Arbitraries.integers().between(0, 255), u16(),
                words(10), bytes(0, 64))
                .as((sp, dp, seq, ack, flags, win, opts, payload) ->
                        new TcpSegment(sp, dp, seq, ack, flags, win, 0, 0, opts, payload));
    }

    private static Arbitrary<Transport> udp() {
        return Combinators.combine(u16(), u16(), bytes(0, 64))
                .as((sp, dp, payload) -> new UdpDatagram(sp, dp, 8 + payload.length(), 0, payload));
    }

    private static Arbitrary<Transport> icmp() {
        Arbitrary<Transport> echo = Combinators.combine(Arbitraries.of(0, 8), Arbitraries.integers(), bytes(0, 56))
                .as((type, rest, data) -> new IcmpMessage(type, 0, 0, rest, null, data));
        Arbitrary<Transport> error = Combinators.combine(Arbitraries.of(3, 11, 12), Arbitraries.integers().between(0, 15),
                header(), bytes(8, 8))
                .as((type, code, quoted, data) -> new IcmpMessage(type, code, 0, 0,
                        new Ipv4Header(quoted.tos(), quoted.headerLength() + 8, quoted.identification(),
                                quoted.dontFragment(), false, 0, quoted.ttl(), IpProtocol.UDP, quoted.checksum(),
                                quoted.source(), quoted.destination(), quoted.options()), data));
        return Arbitraries.oneOf(echo, error);
    }
}
