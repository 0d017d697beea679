package io.bridgelab.pcap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.OpaqueNetwork;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.packet.VlanTag;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.LinkType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {

    static List<Frames.Frame> frames() {
        return Frames.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void everyFrameRoundTripsByteIdentical(Frames.Frame f) {
        DecodedFrame decoded = FrameDecoder.decode(f.linkType(), f.bytes(), 0, f.bytes().length);
        assertThat(FrameEncoder.encode(decoded)).isEqualTo(f.bytes());
        assertThat(decoded.frameLength()).isEqualTo(f.bytes().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void everyTruncatedPrefixIsATypedErrorOrLosesOnlyPadding(Frames.Frame f) {
        byte[] whole = f.bytes();
        DecodedFrame full = FrameDecoder.decode(f.linkType(), whole, 0, whole.length);
        int essential = full.frameLength() - full.packet().trailer().length();
        // Decoding inside a larger buffer at an offset must give the same result as at 0.
        byte[] shifted = new byte[whole.length + 10];
        System.arraycopy(whole, 0, shifted, 7, whole.length);
        for (int n = 0; n < whole.length; n++) {
            int length = n;
            if (n < essential && !(full.packet().network() instanceof OpaqueNetwork)) {
                assertThatThrownBy(() -> FrameDecoder.decode(f.linkType(), shifted, 7, length))
                        .as("prefix of %d bytes", n).isInstanceOfSatisfying(FrameDecodeException.class,
                                e -> assertThat(e.offset()).isBetween(0, length));
            } else {
                try {
                    DecodedFrame d = FrameDecoder.decode(f.linkType(), shifted, 7, length);
                    assertThat(FrameEncoder.encode(d)).isEqualTo(Arrays.copyOf(whole, n));
                    if (n >= essential) {
                        assertThat(d.packet().network()).isEqualTo(full.packet().network());
                    }
                } catch (FrameDecodeException e) {
                    assertThat(e.offset()).isBetween(0, length);
                }
            }
        }
    }

    @Test
    void nonsenseRangesAreRejectedBeforeReading() {
        byte[] b = new byte[20];
        assertThatThrownBy(() -> FrameDecoder.decodeEthernet(b, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameDecoder.decodeEthernet(b, 18, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameDecoder.decodeEthernet(b, 5, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FrameDecoder.decode(999, b, 0, 20)).isInstanceOf(FrameDecodeException.class)
                .hasMessageContaining("link type 999");
    }

    @Test
    void synWithIpOptionsAndPadding() {
        Packet p = decode(Frames.SYN_WITH_IP_OPTIONS);
        assertThat(p.ip().options()).isEqualTo(Bytes.ofHex("01010100"));
        assertThat(p.ip().dontFragment()).isTrue();
        TcpSegment tcp = (TcpSegment) p.transport();
        assertThat(tcp.sourcePort()).isEqualTo(54321);
        assertThat(tcp.destinationPort()).isEqualTo(8080);
        assertThat(tcp.options()).isEqualTo(Bytes.ofHex("020405b4"));
        assertThat(p.trailer().length()).isEqualTo(12);
    }

    @Test
    void vlanUdpAndItsPadding() {
        Packet p = decode(Frames.VLAN_UDP);
        assertThat(p.ethernet().vlan()).isEqualTo(new VlanTag(5, false, 10));
        UdpDatagram udp = (UdpDatagram) p.transport();
        assertThat(udp.payload()).isEqualTo(Bytes.ofHex("61"));
        assertThat(p.frameLength()).isEqualTo(64);
    }

    @Test
    void whatTheModelCannotHoldExactlyIsCarriedOpaque() {
        assertThat(decode(Frames.LATER_FRAGMENT).transport()).isInstanceOf(OpaqueTransport.class);
        assertThat(decode(Frames.LATER_FRAGMENT).ip().fragmentOffset()).isEqualTo(0xb9);
        assertThat(decode(Frames.EVIL_BIT).network()).isInstanceOf(OpaqueNetwork.class);
        assertThat(decode(Frames.TCP_RESERVED_BITS).transport()).isInstanceOf(OpaqueTransport.class);
        assertThat(decode(Frames.ARP_OVER_IPV6_HW).network()).isInstanceOf(OpaqueNetwork.class);
        assertThat(decode(Frames.LLDP).network()).isEqualTo(new OpaqueNetwork(0x88cc, Bytes.ofHex("0207046c6c6470")));
        assertThat(((Ipv6Datagram) decode(Frames.IPV6_UDP).network()).nextHeader()).isEqualTo(17);
    }

    @Test
    void icmpErrorsQuoteTheOffendingHeader() {
        IcmpMessage m = (IcmpMessage) decode(Frames.ICMP_TIME_EXCEEDED).transport();
        assertThat(m.embedded().destination()).isEqualTo(Ipv4Address.parse("8.8.8.8"));
        assertThat(m.embedded().ttl()).isEqualTo(1);
        assertThat(m.data()).isEqualTo(Bytes.ofHex("0800abcd00010001"));
    }

    @Test
    void kernelPortUnreachableCarriesTheUdpPorts() {
        List<CaptureRecord> records = Frames.fixture("kernel-eth.pcap");
        CaptureRecord last = records.get(records.size() - 1);
        Packet p = FrameDecoder.decodeEthernet(last.data().toArray(), 0, last.capturedLength());
        IcmpMessage m = (IcmpMessage) p.transport();
        assertThat(m.type()).isEqualTo(3);
        assertThat(m.embeddedDestinationPort()).isEqualTo(9999);
        assertThat(FrameDecoder.decodeEthernet(records.get(0).data().toArray(), 0, 42).network())
                .isInstanceOf(ArpMessage.class);
    }

    @Test
    void cookedHeadersAreKeptBesideThePacket() {
        CaptureRecord r = Frames.fixture("kernel-any.pcap").get(2);
        DecodedFrame f = FrameDecoder.decode(LinkType.LINUX_SLL2, r.data().toArray(), 0, r.capturedLength());
        assertThat(f.cooked().version()).isEqualTo(2);
        assertThat(f.cooked().protocol()).isEqualTo(0x0800);
        assertThat(f.cooked().packetType()).isEqualTo(LinuxCookedHeader.PACKET_OUTGOING);
        assertThat(f.cooked().interfaceIndex()).isPositive();
        assertThat(f.packet().ethernet()).isNull();
        CaptureRecord v1 = Frames.fixture("kernel-sll.pcap").get(2);
        DecodedFrame g = FrameDecoder.decode(LinkType.LINUX_SLL, v1.data().toArray(), 0, v1.capturedLength());
        assertThat(g.cooked().version()).isEqualTo(1);
        assertThat(g.packet().network()).isEqualTo(f.packet().network());
    }

    @Test
    void rawIpFramesHaveNoLinkHeaderAndTellTheirVersionByTheFirstNibble() {
        CaptureRecord r = Frames.fixture("kernel-raw.pcap").get(0);
        assertThat(r.linkType()).isEqualTo(LinkType.RAW);
        DecodedFrame f = FrameDecoder.decode(LinkType.RAW, r.data().toArray(), 0, r.capturedLength());
        assertThat(f.packet().ethernet()).isNull();
        assertThat(f.cooked()).isNull();
        assertThat(((UdpDatagram) f.packet().transport()).destinationPort()).isEqualTo(9);
        byte[] v6 = HexFormat.of().parseHex(IPV6_UDP_PACKET);
        assertThat(FrameDecoder.decode(LinkType.RAW, v6, 0, v6.length).packet().network())
                .isInstanceOf(Ipv6Datagram.class);
        assertThatThrownBy(() -> FrameDecoder.decode(LinkType.RAW, new byte[0], 0, 0))
                .isInstanceOf(FrameDecodeException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> FrameDecoder.decode(LinkType.RAW, new byte[]{0x50, 0}, 0, 2))
                .isInstanceOf(FrameDecodeException.class).hasMessageContaining("IP version 5");
    }

    /** An IPv6 UDP datagram (no link header): fe80::1 > ff02::1, ports 1 > 2, 4 bytes of data. */
    private static final String IPV6_UDP_PACKET = "6000000000081101fe800000000000000000000000000001"
            + "ff020000000000000000000000000001" + "000100020008" + "0000";

    @Test
    void recomputedChecksumsOfKernelFramesEqualTheKernels() {
        for (Frames.Frame f : Frames.all()) {
            if (f.name().startsWith("kernel")) {
                Packet p = FrameDecoder.decode(f.linkType(), f.bytes(), 0, f.bytes().length).packet();
                assertThat(Checksums.recompute(KernelCaptureRoundTripTest.zeroChecksums(p))).as(f.name()).isEqualTo(p);
            }
        }
    }

    private static Packet decode(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return FrameDecoder.decodeEthernet(b, 0, b.length);
    }
}
