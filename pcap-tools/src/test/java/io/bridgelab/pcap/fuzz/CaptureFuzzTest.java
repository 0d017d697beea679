package io.bridgelab.pcap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bridgelab.pcap.codec.DecodedFrame;
import io.bridgelab.pcap.codec.FrameDecodeException;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapFormatException;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fuzzes the pcap/pcapng readers and the frame decoder with arbitrary bytes: the only exceptions allowed
 * are the typed format errors, and whatever decodes must encode back to the same bytes. Plain
 * {@code mvn verify} replays the seed corpus in {@code src/test/resources/.../CaptureFuzzTestInputs};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=CaptureFuzzTest} fuzzes for real.
 */
class CaptureFuzzTest {
    /** Small, so a fuzzed length near the bound costs little; the bound logic is the same at any size. */
    private static final int MAX_RECORD = 1 << 16;

    @FuzzTest(maxDuration = "30s")
    void readersAndDecoder(byte[] data) throws IOException {
        for (boolean lenient : new boolean[] {false, true}) {
            try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(data),
                    new ReaderOptions(lenient, MAX_RECORD))) {
                int packets = 0;
                while (r.next() && packets++ < 10_000) {
                    assertThat(r.capturedLength()).isBetween(0, MAX_RECORD);
                    decodeAndRoundTrip(r.linkType(), Arrays.copyOfRange(r.buffer(), r.dataOffset(),
                            r.dataOffset() + r.capturedLength()));
                }
            } catch (PcapFormatException e) {
                assertThat(e.offset()).isBetween(0L, (long) data.length);
            }
        }
        if (data.length > 0) {
            int[] types = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW};
            decodeAndRoundTrip(types[(data[0] & 0xff) % 3], Arrays.copyOfRange(data, 1, data.length));
        }
    }

    private static void decodeAndRoundTrip(int linkType, byte[] frame) {
        DecodedFrame decoded;
        try {
            decoded = FrameDecoder.decode(linkType, frame, 0, frame.length);
        } catch (FrameDecodeException e) {
            assertThat(e.offset()).isBetween(0, frame.length);
            return;
        }
        if (!Arrays.equals(FrameEncoder.encode(decoded), frame)) {
            throw new AssertionError("frame does not round-trip: " + decoded);
        }
    }
}
