package io.bridgelab.pcap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Captures' records one after the other in one temporary pcap file, so that a test holding many captures to tcpdump
 * runs tcpdump once per question instead of once per capture. One link type per file: Ethernet, or with
 * {@link #of(List, int)} another (raw IP). Deleted on {@link #close()}.
 */
public final class ConcatenatedCapture implements AutoCloseable {
    private final Path file;

    private ConcatenatedCapture(Path file) {
        this.file = file;
    }

    /** Ethernet captures, each required to be one. */
    public static ConcatenatedCapture of(List<Path> captures) throws IOException {
        return of(captures, LinkType.ETHERNET);
    }

    /** Captures of {@code linkType}, each required to be one. */
    public static ConcatenatedCapture of(List<Path> captures, int linkType) throws IOException {
        Path file = Files.createTempFile("concatenated-", ".pcap");
        try (OutputStream out = Files.newOutputStream(file);
             PcapWriter writer = new PcapWriter(out, linkType, true, PcapWriter.DEFAULT_SNAP_LENGTH)) {
            for (Path capture : captures) {
                try (CaptureReader reader = CaptureReader.open(capture)) {
                    while (reader.next()) {
                        assertThat(reader.linkType()).as(capture.toString()).isEqualTo(linkType);
                        writer.write(reader.timestampNanos(), 0, reader.originalLength(), reader.buffer(),
                                reader.dataOffset(), reader.capturedLength());
                    }
                }
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new ConcatenatedCapture(file);
    }

    /** The link type of a capture's first interface (a pcap file's header), or -1 for a pcapng without one yet. */
    public static int linkTypeOf(Path capture) throws IOException {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            return reader.interfaces().isEmpty() ? -1 : reader.interfaces().get(0).linkType();
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
