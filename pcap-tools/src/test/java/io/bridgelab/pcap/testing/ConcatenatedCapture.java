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
 * Ethernet captures' records one after the other in one temporary pcap file, so that a test holding many captures
 * to tcpdump runs tcpdump once per question instead of once per capture. Deleted on {@link #close()}.
 */
public final class ConcatenatedCapture implements AutoCloseable {
    private final Path file;

    private ConcatenatedCapture(Path file) {
        this.file = file;
    }

    public static ConcatenatedCapture of(List<Path> captures) throws IOException {
        Path file = Files.createTempFile("concatenated-", ".pcap");
        try (OutputStream out = Files.newOutputStream(file);
             PcapWriter writer = new PcapWriter(out, LinkType.ETHERNET, true, PcapWriter.DEFAULT_SNAP_LENGTH)) {
            for (Path capture : captures) {
                try (CaptureReader reader = CaptureReader.open(capture)) {
                    while (reader.next()) {
                        assertThat(reader.linkType()).as(capture.toString()).isEqualTo(LinkType.ETHERNET);
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

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
