package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameEncoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ip_do_fragment's slow path: geometry, headers, options, and cutting a fragment again. */
class FragmentationTest {
    private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private static Packet udp(int total) {
        return new Packet(null, Datagrams.of(A, B, 4242, false, Datagrams.udp(1000, 2000, "x".repeat(total - 28))));
    }

    /** The bytes after the IP header of each fragment, joined in offset order. */
    private static byte[] payload(List<Packet> fragments) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (Packet f : fragments) {
            byte[] b = FrameEncoder.encode(new Packet(null, f.ipv4()));
            joined.write(b, f.ip().headerLength(), f.ip().totalLength() - f.ip().headerLength());
        }
        return joined.toByteArray();
    }

    private static byte[] payload(Packet whole) {
        byte[] b = FrameEncoder.encode(new Packet(null, whole.ipv4()));
        return Arrays.copyOfRange(b, whole.ip().headerLength(), whole.ip().totalLength());
    }

    @Test
    void everyFragmentButTheLastCarriesAMultipleOfEightThatFits() {
        Packet whole = udp(3028);
        List<Packet> fragments = Fragmentation.fragment(whole, 1400);
        assertThat(fragments).extracting(f -> f.ip().totalLength()).containsExactly(1396, 1396, 276);
        assertThat(fragments).extracting(f -> f.ip().fragmentOffset() * 8).containsExactly(0, 1376, 2752);
        assertThat(fragments).extracting(f -> f.ip().moreFragments()).containsExactly(true, true, false);
        assertThat(fragments).allSatisfy(f -> {
            assertThat(f.ip().identification()).isEqualTo(4242);
            assertThat(InternetChecksum.headerValid(f.ip())).isTrue();
            assertThat(f.trailer()).isEqualTo(Bytes.EMPTY);
        });
        assertThat(fragments.get(1).transport()).as("later fragments carry no transport header")
                .isInstanceOf(OpaqueTransport.class);
        assertThat(payload(fragments)).isEqualTo(payload(whole));
    }

    @Test
    void aFragmentCutAgainKeepsItsOffsetAndItsMoreFragmentsFlag() {
        Packet whole = udp(3028);
        List<Packet> first = Fragmentation.fragment(whole, 1500);
        assertThat(first).extracting(f -> f.ip().totalLength()).containsExactly(1500, 1500, 68);
        List<Packet> again = Fragmentation.fragment(first.get(1), 1000);
        assertThat(again).extracting(f -> f.ip().fragmentOffset() * 8).containsExactly(1480, 1480 + 976);
        assertThat(again).extracting(f -> f.ip().moreFragments()).containsExactly(true, true);
        assertThat(payload(again)).isEqualTo(payload(List.of(first.get(1))));
    }

    /** ip_options_fragment: later fragments keep only the options whose "copied" bit is set. */
    @Test
    void laterFragmentsKeepOnlyCopiedOptions() {
        // Router alert (0x94, copied, 4 bytes), then a timestamp (0x44, not copied, 8 bytes: room for one stamp).
        Bytes options = Bytes.copyOf(new byte[]{(byte) 0x94, 4, 0, 0, 0x44, 8, 5, 0, 0, 0, 0, 0});
        Ipv4Datagram plain = udp(1000).ipv4();
        Ipv4Header h = plain.header();
        Ipv4Datagram withOptions = InternetChecksum.refresh(plain.withHeader(new Ipv4Header(h.tos(), h.totalLength(),
                h.identification(), false, false, 0, h.ttl(), h.protocol(), 0, h.source(), h.destination(), options)));
        List<Packet> fragments = Fragmentation.fragment(new Packet(null, withOptions), 600);
        assertThat(fragments).hasSize(2);
        assertThat(fragments.get(0).ip().options()).isEqualTo(options);
        assertThat(fragments.get(1).ip().options()).isEqualTo(Bytes.copyOf(new byte[]{(byte) 0x94, 4, 0, 0,
                1, 1, 1, 1, 1, 1, 1, 1}));
        assertThat(fragments).allSatisfy(f -> assertThat(f.ip().headerLength()).isEqualTo(32));
        assertThat(fragments.get(0).ip().totalLength()).isEqualTo(32 + 568);
    }

    @Test
    void anMtuWithNoRoomForDataIsRefused() {
        assertThatThrownBy(() -> Fragmentation.fragment(udp(100), 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no room");
    }
}
