package io.bridgelab.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.sim.l3.Datagrams;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The writer thread writes what writing in place writes, byte for byte and in order, across many batches
 * and files, with frames that share their layers (the encoding reused) and frames that do not; a failed write
 * surfaces when the streamer closes, naming the capture; a frame after the close is refused.
 */
class CaptureStreamerTest {
    private static final Ethernet A = new Ethernet(MacAddress.parse("02:00:00:00:00:01"),
            MacAddress.parse("02:00:00:00:00:02"), Ethernet.TYPE_IPV4);
    private static final Ethernet B = new Ethernet(MacAddress.parse("02:00:00:00:00:03"),
            MacAddress.parse("02:00:00:00:00:04"), Ethernet.TYPE_IPV4);

    private static Packet frame(int i) {
        return new Packet(i % 3 == 0 ? A : B, Datagrams.of(new Ipv4Address(0x0a000000 + i), Ipv4Address.of(192, 168, 1, 10),
                i & 0xffff, true, Datagrams.tcp(1024 + i % 5000, 8088, i, 0, 0x02, i % 7 == 0 ? "x".repeat(i % 50) : null)));
    }

    @Test
    void writesWhatWritingInPlaceWrites() throws IOException {
        ByteArrayOutputStream[] expected = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        ByteArrayOutputStream[] actual = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        PcapWriter[] direct = {new PcapWriter(expected[0], LinkType.ETHERNET), new PcapWriter(expected[1], LinkType.ETHERNET)};
        PcapWriter[] streamed = {new PcapWriter(actual[0], LinkType.ETHERNET), new PcapWriter(actual[1], LinkType.ETHERNET)};
        CaptureStreamer streamer = new CaptureStreamer();
        Packet previous = frame(0);
        for (int i = 0; i < 5000; i++) {
            // Every other frame is the previous one again with other metadata, as a link's two ends capture it.
            Packet f = i % 2 == 1 ? previous.withMetadata(previous.metadata().withInInterface("eth0")) : frame(i);
            int file = (i / 3) % 2;
            long t = 1_000_000_000L + i * 1_000L;
            byte[] bytes = FrameEncoder.encode(f);
            direct[file].write(t, 0, bytes.length, bytes, 0, bytes.length);
            streamer.append(streamed[file], "n:" + file, t, f);
            previous = f;
        }
        streamer.close();
        for (int k = 0; k < 2; k++) {
            direct[k].close();
            streamed[k].close();
            assertThat(actual[k].toByteArray()).isEqualTo(expected[k].toByteArray());
        }
    }

    @Test
    void aFrameAfterCloseIsRefused() throws IOException {
        CaptureStreamer streamer = new CaptureStreamer();
        PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), LinkType.ETHERNET);
        streamer.append(w, "h:eth0", 1_000L, frame(1));
        streamer.close();
        assertThatThrownBy(() -> streamer.append(w, "h:eth0", 2_000L, frame(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("h:eth0");
    }

    @Test
    void aFailedWriteSurfacesAtClose() throws IOException {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        PcapWriter w = new PcapWriter(broken, LinkType.ETHERNET);
        CaptureStreamer streamer = new CaptureStreamer();
        // More than the writer's 64 KB buffer, so the stream is written to. The writer thread may fail
        // while frames are still being appended: then a later append reports it, else close does.
        Throwable failure = null;
        try {
            for (int i = 0; i < 3000; i++) {
                streamer.append(w, "h:eth0", 1_000L + i, frame(i));
            }
        } catch (UncheckedIOException e) {
            failure = e.getCause();
        }
        if (failure == null) {
            failure = catchThrowable(streamer::close);
        } else {
            // Closing still stops the writer thread, and says the same again.
            assertThat(catchThrowable(streamer::close)).isSameAs(failure);
        }
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("h:eth0")
                .hasMessageContaining("disk full");
    }
}
