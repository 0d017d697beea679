package io.bridgelab.pcap.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.pcap.codec.Checksums;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureComparisonTest {
    static final Ipv4Address SERVER = Ipv4Address.parse("10.77.0.2");
    static final Ipv4Address CONTAINER = Ipv4Address.parse("172.17.0.4");

    @TempDir
    Path dir;

    static List<CaptureRecord> fixture(String name) throws IOException {
        List<CaptureRecord> out = new ArrayList<>();
        try (InputStream in = CaptureComparisonTest.class.getResourceAsStream("/captures/" + name);
             CaptureReader r = CaptureReader.open(in, ReaderOptions.STRICT)) {
            r.forEach(out::add);
        }
        return out;
    }

    static Path fixturePath(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = CaptureComparisonTest.class.getResourceAsStream("/captures/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** Writes the Ethernet fixture with each packet passed through {@code edit} (null drops it). */
    static Path rewritten(Path dir, String name, UnaryOperator<Packet> edit) throws IOException {
        Path out = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(out); PcapWriter w = new PcapWriter(os, LinkType.ETHERNET)) {
            for (CaptureRecord r : fixture("kernel-eth.pcap")) {
                byte[] f = r.data().toArray();
                Packet p = edit.apply(FrameDecoder.decodeEthernet(f, 0, f.length));
                if (p != null) {
                    w.write(r.timestampNanos(), FrameEncoder.encode(p));
                }
            }
        }
        return out;
    }

    /** The server side of the fixture's TCP connection, as if DNAT had sent it to 172.17.0.4:80. */
    static Packet dnat(Packet p) {
        if (!(p.transport() instanceof TcpSegment t)) {
            return p;
        }
        Ipv4Datagram d = p.ipv4();
        if (t.destinationPort() == 8080) {
            d = new Ipv4Datagram(d.header().withDestination(CONTAINER), t.withPorts(t.sourcePort(), 80));
        } else if (t.sourcePort() == 8080) {
            d = new Ipv4Datagram(d.header().withSource(CONTAINER), t.withPorts(80, t.destinationPort()));
        }
        return Checksums.recompute(p.withNetwork(d));
    }

    static final Ipv4Address CLIENT = Ipv4Address.parse("10.77.0.1");
    static final Ipv4Address PUBLIC = Ipv4Address.parse("192.168.1.10");

    /** The client side of the fixture as if MASQUERADE had sent it from 192.168.1.10, ports moved by +1000. */
    static Packet masquerade(Packet p) {
        if (!p.isIpv4()) {
            return p;
        }
        Ipv4Datagram d = p.ipv4();
        boolean out = d.header().source().equals(CLIENT);
        var h = out ? d.header().withSource(PUBLIC) : d.header().withDestination(PUBLIC);
        var t = d.transport();
        if (t instanceof TcpSegment tcp) {
            t = out ? tcp.withPorts(tcp.sourcePort() + 1000, tcp.destinationPort())
                    : tcp.withPorts(tcp.sourcePort(), tcp.destinationPort() + 1000);
        } else if (t instanceof io.bridgelab.netfilter.packet.UdpDatagram udp) {
            t = udp.withPorts(udp.sourcePort() + 1000, udp.destinationPort());
        } else if (t instanceof io.bridgelab.netfilter.packet.IcmpMessage m && m.isError()) {
            // conntrack rewrites the quoted datagram too: its source and source port.
            byte[] data = m.data().toArray();
            int port = ((data[0] & 0xff) << 8 | (data[1] & 0xff)) + 1000;
            data[0] = (byte) (port >>> 8);
            data[1] = (byte) port;
            t = new io.bridgelab.netfilter.packet.IcmpMessage(m.type(), m.code(), m.checksum(), m.restOfHeader(),
                    m.embedded().withSource(PUBLIC), io.bridgelab.netfilter.packet.Bytes.copyOf(data));
        }
        return Checksums.recompute(p.withNetwork(new Ipv4Datagram(h, t)));
    }

    @Test
    void natAwarePairingFollowsMasqueradeIntoQuotedIcmpErrors() throws IOException {
        Path expected = fixturePath(dir, "kernel-eth.pcap");
        Path actual = rewritten(dir, "snat.pcap", CaptureComparisonTest::masquerade);
        DiffReport nat = CaptureComparison.compare(expected, actual,
                DiffOptions.DEFAULT.withNatAware(true).ignoring(DiffField.CHECKSUM));
        assertThat(nat.same()).as(nat.toString()).isTrue();
        assertThat(nat.translations()).extracting(Translation::toString, Translation::packets, Translation::replies)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("10.77.0.1 -> 192.168.1.10 (SNAT)", 2L, 3L),
                        org.assertj.core.groups.Tuple.tuple("10.77.0.1:58934 -> 192.168.1.10:59934 (SNAT)", 5L, 3L),
                        org.assertj.core.groups.Tuple.tuple("10.77.0.1:53963 -> 192.168.1.10:54963 (SNAT)", 1L, 0L));
        DiffReport strict = CaptureComparison.compare(expected, actual,
                DiffOptions.DEFAULT.withNatAware(true));
        assertThat(strict.changedCount()).as("checksums of all 14 IPv4 packets differ after NAT").isEqualTo(14);
    }

    @Test
    void aCaptureMatchesItself() throws IOException {
        Path f = fixturePath(dir, "kernel-eth.pcap");
        DiffReport r = CaptureComparison.compare(f, f, DiffOptions.DEFAULT);
        assertThat(r.same()).as(r.toString()).isTrue();
        assertThat(r.identical()).isEqualTo(16);
        assertThat(r.toString()).startsWith("captures match: 16 expected, 16 actual packets; 16 paired");
    }

    @Test
    void changedMissingAndExtraPacketsAreReportedWithTheirFields() throws IOException {
        Path expected = fixturePath(dir, "kernel-eth.pcap");
        int[] n = {0};
        Path actual = rewritten(dir, "edited.pcap", p -> {
            n[0]++;
            if (n[0] == 3) {
                return Checksums.recompute(p.withNetwork(p.ipv4().withHeader(p.ip().withTtl(63))));
            }
            if (n[0] == 5) {
                return null;
            }
            return p;
        });
        DiffReport r = CaptureComparison.compare(expected, actual, DiffOptions.DEFAULT.ignoring(DiffField.TS));
        assertThat(r.same()).isFalse();
        assertThat(r.changedCount()).isEqualTo(1);
        assertThat(r.missingCount()).isEqualTo(1);
        assertThat(r.changed().get(0).changes()).extracting(FieldChange::field).containsExactly("ip.ttl", "ip.checksum");
        assertThat(r.changed().get(0).changes().get(0)).hasToString("ip.ttl: 64 -> 63");
        assertThat(r.missing().get(0).number()).isEqualTo(5);
        assertThat(r.toString()).contains("missing (expected, not in actual):\n  #5 ICMP 10.77.0.1 > 10.77.0.2 type=8");
        DiffReport ignoring = CaptureComparison.compare(expected, actual,
                DiffOptions.DEFAULT.ignoring(DiffField.TS, DiffField.TTL, DiffField.CHECKSUM));
        assertThat(ignoring.changedCount()).isZero();
        DiffReport reversed = CaptureComparison.compare(actual, expected, DiffOptions.DEFAULT.ignoring(DiffField.TS));
        assertThat(reversed.extraCount()).isEqualTo(1);
        assertThat(reversed.extra().get(0).number()).isEqualTo(5);
    }

    @Test
    void natAwarePairingReportsTheTranslationAndItsReplies() throws IOException {
        Path expected = fixturePath(dir, "kernel-eth.pcap");
        Path actual = rewritten(dir, "dnat.pcap", CaptureComparisonTest::dnat);
        DiffReport plain = CaptureComparison.compare(expected, actual, DiffOptions.DEFAULT);
        assertThat(plain.missingCount()).isEqualTo(8);
        assertThat(plain.extraCount()).isEqualTo(8);
        DiffReport nat = CaptureComparison.compare(expected, actual,
                DiffOptions.DEFAULT.withNatAware(true).ignoring(DiffField.CHECKSUM));
        assertThat(nat.same()).as(nat.toString()).isTrue();
        assertThat(nat.translations()).containsExactly(
                new Translation(Translation.Kind.DNAT, "10.77.0.2:8080", "172.17.0.4:80", 5, 3));
        assertThat(nat.toString()).contains("10.77.0.2:8080 -> 172.17.0.4:80 (DNAT): 5 packets, 3 replies");
        assertThat(nat.toJson()).contains("\"translations\":[{\"kind\":\"DNAT\",\"from\":\"10.77.0.2:8080\","
                + "\"to\":\"172.17.0.4:80\",\"packets\":5,\"replies\":3}]");
    }

    @Test
    void ethernetAndCookedCapturesOfTheSameTrafficMatchIgnoringLinkAndTime() throws IOException {
        Path eth = fixturePath(dir, "kernel-eth.pcap");
        Path any = fixturePath(dir, "kernel-any.pcap");
        DiffReport r = CaptureComparison.compare(eth, any, DiffOptions.DEFAULT.ignoring(DiffField.TS, DiffField.LINK));
        assertThat(r.same()).as(r.toString()).isTrue();
        DiffReport strict = CaptureComparison.compare(eth, any, DiffOptions.DEFAULT.ignoring(DiffField.TS));
        assertThat(strict.changedCount()).isEqualTo(16);
        assertThat(strict.changed().get(0).changes()).extracting(FieldChange::field).containsExactly("link");
    }

    @Test
    void inMemoryPacketsCompareAndJsonEscapes() throws IOException {
        List<Packet> packets = new ArrayList<>();
        for (CaptureRecord r : fixture("kernel-eth.pcap")) {
            packets.add(FrameDecoder.decodeEthernet(r.data().toArray(), 0, r.capturedLength()));
        }
        List<Packet> fewer = packets.subList(0, 15);
        DiffReport r = CaptureComparison.compare(packets, fewer, DiffOptions.DEFAULT);
        assertThat(r.missingCount()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(r::requireSame).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("captures differ: 16 expected, 15 actual packets");
        assertThat(CaptureComparison.compare(packets, packets, DiffOptions.DEFAULT).requireSame().identical())
                .isEqualTo(16);
        assertThat(r.toJson()).startsWith("{\"schema\":\"bridgelab.pcap-diff/1\",\"same\":false,"
                + "\"options\":{\"ignore\":[],\"natAware\":false},\"counts\":{\"expected\":16,\"actual\":15,"
                + "\"matched\":15,\"identical\":15,\"changed\":0,\"missing\":1,\"extra\":0}");
    }

    @Test
    void recordsSkippedByLenientReadersAreCountedPerSide() throws IOException {
        Path whole = fixturePath(dir, "kernel-eth.pcap");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        DiffReport r;
        try (CaptureReader e = CaptureReader.open(whole, ReaderOptions.LENIENT);
             CaptureReader a = CaptureReader.open(cut, ReaderOptions.LENIENT)) {
            r = CaptureComparison.compare(new PacketSource(e), new PacketSource(a), DiffOptions.DEFAULT);
        }
        assertThat(r.expectedSkippedRecords()).isZero();
        assertThat(r.actualSkippedRecords()).isEqualTo(1);
        assertThat(r.missingCount()).isEqualTo(1);
        assertThat(r.toString().lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("skipped bad records: 0 in expected, 1 in actual");
        assertThat(r.toJson()).contains("\"extra\":0},\"skippedRecords\":{\"expected\":0,\"actual\":1},");
        DiffReport clean = CaptureComparison.compare(whole, whole, DiffOptions.DEFAULT);
        assertThat(clean.toString()).doesNotContain("skipped");
        assertThat(clean.toJson()).contains("\"skippedRecords\":{\"expected\":0,\"actual\":0}");
    }

    @Test
    void aSmallWindowStillPairsInStepCapturesAndBoundsWaiting() throws IOException {
        Path f = fixturePath(dir, "kernel-eth.pcap");
        Path empty = rewritten(dir, "none.pcap", p -> null);
        DiffOptions tiny = new DiffOptions(DiffOptions.DEFAULT.ignore(), false, 2, 3);
        DiffReport r = CaptureComparison.compare(f, empty, tiny);
        assertThat(r.missingCount()).isEqualTo(16);
        assertThat(r.missing()).hasSize(3);
        assertThat(r.toString()).contains("... 13 more");
        assertThat(CaptureComparison.compare(f, f, tiny).same()).isTrue();
    }
}
