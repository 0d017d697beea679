package io.bridgelab.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.pcap.codec.DecodedFrame;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.diff.CaptureComparison;
import io.bridgelab.pcap.diff.DiffField;
import io.bridgelab.pcap.diff.DiffOptions;
import io.bridgelab.pcap.diff.DiffReport;
import io.bridgelab.pcap.diff.Translation;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.PcapReader;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real captures checked into the repository ({@code fixtures/} and this module's test resources):
 * every frame decodes and encodes byte-identical, every classic pcap file rewrites byte-identical through
 * our reader and writer, and the port-mapping scenario's outside and container captures pair across the
 * DNAT Docker installed.
 */
class RepositoryFixturesTest {
    private static final Path REPO_FIXTURES = Path.of("..", "fixtures");
    private static final Path OUR_FIXTURES = Path.of("src", "test", "resources", "captures");

    static List<Path> captures() throws IOException {
        assertThat(REPO_FIXTURES).as("repository fixtures (tests run from the module directory)").isDirectory();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(REPO_FIXTURES, OUR_FIXTURES)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyFrameOfEveryCaptureRoundTrips() throws IOException {
        List<Path> files = captures();
        assertThat(files).hasSizeGreaterThan(10);
        long frames = 0;
        for (Path file : files) {
            try (CaptureReader r = CaptureReader.open(file, ReaderOptions.STRICT)) {
                while (r.next()) {
                    byte[] f = java.util.Arrays.copyOfRange(r.buffer(), r.dataOffset(), r.dataOffset() + r.capturedLength());
                    DecodedFrame d = FrameDecoder.decode(r.linkType(), f, 0, f.length);
                    assertThat(FrameEncoder.encode(d)).as("%s frame at byte %d", file, r.recordOffset()).isEqualTo(f);
                    frames++;
                }
            }
        }
        assertThat(frames).isGreaterThan(100);
    }

    @Test
    void classicFilesRewriteByteIdentical() throws IOException {
        for (Path file : captures()) {
            if (!file.toString().endsWith(".pcap")) {
                continue;
            }
            byte[] original = Files.readAllBytes(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CaptureReader r = CaptureReader.open(file, ReaderOptions.STRICT)) {
                PcapReader classic = (PcapReader) r;
                try (PcapWriter w = new PcapWriter(out, r.linkType(), classic.nanosecondResolution(),
                        (int) classic.snapLength())) {
                    List<CaptureRecord> records = new ArrayList<>();
                    r.forEach(records::add);
                    for (CaptureRecord rec : records) {
                        w.write(rec);
                    }
                }
            }
            // Our writer is little-endian; a big-endian original would differ only in byte order.
            assertThat(out.toByteArray()).as("%s", file).isEqualTo(original);
        }
    }

    @Test
    void portMappingCapturesPairAcrossDockersDnat() throws IOException {
        Path captures = REPO_FIXTURES.resolve("scenarios/port-mapping/captured/captures");
        DiffReport r = CaptureComparison.compare(captures.resolve("ext/eth0.pcap"), captures.resolve("test2/eth0.pcap"),
                DiffOptions.DEFAULT.withNatAware(true).ignoring(DiffField.TS, DiffField.MAC, DiffField.TTL,
                        DiffField.CHECKSUM));
        assertThat(r.translations()).as(r.toString()).singleElement().satisfies(t -> {
            assertThat(t).hasToString("192.168.1.10:8088 -> 172.17.0.4:80 (DNAT)");
            assertThat(t.kind()).isEqualTo(Translation.Kind.DNAT);
            assertThat(t.packets()).isPositive();
            assertThat(t.replies()).isPositive();
        });
        assertThat(r.changedCount()).as(r.toString()).isZero();
        // Only the ARP of each segment has no partner: the outside asks for the host, the host for the container.
        assertThat(r.missing()).allSatisfy(p -> assertThat(p.summary()).startsWith("ARP"));
        assertThat(r.extra()).allSatisfy(p -> assertThat(p.summary()).startsWith("ARP"));
        DiffReport plain = CaptureComparison.compare(captures.resolve("ext/eth0.pcap"), captures.resolve("test2/eth0.pcap"),
                DiffOptions.DEFAULT.ignoring(DiffField.TS, DiffField.MAC, DiffField.TTL, DiffField.CHECKSUM));
        assertThat(plain.translations()).isEmpty();
        assertThat(plain.missingCount()).isEqualTo(r.missingCount() + r.matched());
    }
}
