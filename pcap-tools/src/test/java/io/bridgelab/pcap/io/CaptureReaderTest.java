package io.bridgelab.pcap.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.packet.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CaptureReaderTest {
    private static final byte[] A = {1, 2, 3, 4, 5};
    private static final byte[] B = {9, 8, 7, 6, 5, 4, 3, 2};

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);
        final ByteOrder order;

        Order(ByteOrder order) {
            this.order = order;
        }
    }

    static List<CaptureRecord> readAll(byte[] file, ReaderOptions options) throws IOException {
        List<CaptureRecord> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file), options)) {
            r.forEach(out::add);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void classicMicrosecondsInEitherByteOrder(Order order) throws IOException {
        byte[] file = Blocks.pcap(order.order, 0xa1b2c3d4, 65535, 1).record(1700000000, 123456, A).record(5, 1, B)
                .bytes();
        List<CaptureRecord> records = readAll(file, ReaderOptions.STRICT);
        assertThat(records).containsExactly(
                new CaptureRecord(1700000000_123456000L, 0, 1, 5, Bytes.copyOf(A)),
                new CaptureRecord(5_000001000L, 0, 1, 8, Bytes.copyOf(B)));
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void classicNanoseconds(Order order) throws IOException {
        byte[] file = Blocks.pcap(order.order, 0xa1b23c4d, 65535, 113).record(7, 999_999_999, A).bytes();
        assertThat(readAll(file, ReaderOptions.STRICT))
                .containsExactly(new CaptureRecord(7_999_999_999L, 0, 113, 5, Bytes.copyOf(A)));
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void pcapngWithSeveralInterfacesResolutionsAndBlocks(Order order) throws IOException {
        Blocks b = Blocks.pcapng(order.order)
                .idb(1, 0, -1, "eth0")              // default: microseconds
                .idb(276, 262144, 9, "any")          // nanoseconds
                .idb(1, 65535, 0x80 | 10, null);     // 2^-10 seconds
        b.block(0x0bad, b.buf(8).putInt(42).putInt(43));  // unknown block: skipped
        b.epb(0, 1_000_001L, A).epb(1, 2_000_000_005L, B).epb(2, 3L * 1024 + 512, A).spb(B);
        List<CaptureRecord> records = readAll(b.bytes(), ReaderOptions.STRICT);
        assertThat(records).containsExactly(
                new CaptureRecord(1_000_001_000L, 0, 1, 5, Bytes.copyOf(A)),
                new CaptureRecord(2_000_000_005L, 1, 276, 8, Bytes.copyOf(B)),
                new CaptureRecord(3_500_000_000L, 2, 1, 5, Bytes.copyOf(A)),
                new CaptureRecord(0, 0, 1, 8, Bytes.copyOf(B)));
    }

    @Test
    void pcapngInterfacesRestartWithEachSectionAndItsByteOrder() throws IOException {
        byte[] first = Blocks.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 0, 9, "a").epb(0, 10, A).bytes();
        byte[] second = Blocks.pcapng(ByteOrder.BIG_ENDIAN).idb(113, 0, 9, "b").epb(0, 20, B).bytes();
        byte[] both = concat(first, second);
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(both), ReaderOptions.STRICT)) {
            assertThat(r.next()).isTrue();
            assertThat(r.linkType()).isEqualTo(1);
            assertThat(r.next()).isTrue();
            assertThat(r.linkType()).isEqualTo(113);
            assertThat(r.interfaces()).extracting(CaptureInterface::name).containsExactly("b");
            assertThat(r.next()).isFalse();
            assertThat(((PcapNgReader) r).sections()).isEqualTo(2);
        }
    }

    @Test
    void writersRoundTripThroughTheReaders() throws IOException {
        ByteArrayOutputStream pcap = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(pcap, 1)) {
            w.write(1_700_000_000_123_456_789L, A);
            w.write(new CaptureRecord(42, 0, 1, 100, Bytes.copyOf(B)));
        }
        assertThat(readAll(pcap.toByteArray(), ReaderOptions.STRICT)).containsExactly(
                new CaptureRecord(1_700_000_000_123_456_789L, 0, 1, 5, Bytes.copyOf(A)),
                new CaptureRecord(42, 0, 1, 100, Bytes.copyOf(B)));

        ByteArrayOutputStream ng = new ByteArrayOutputStream();
        try (PcapNgWriter w = new PcapNgWriter(ng)) {
            int eth = w.addInterface(1, 0, "veth0");
            int any = w.addInterface(276, 262144, null);
            w.write(5, eth, 5, A, 0, 5);
            w.write(6, any, 8, B, 0, 8);
        }
        assertThat(readAll(ng.toByteArray(), ReaderOptions.STRICT)).containsExactly(
                new CaptureRecord(5, 0, 1, 5, Bytes.copyOf(A)), new CaptureRecord(6, 1, 276, 8, Bytes.copyOf(B)));
    }

    @Test
    void readsManyRecordsAcrossBufferBoundaries() throws IOException {
        ByteArrayOutputStream pcap = new ByteArrayOutputStream();
        byte[] frame = new byte[1517];
        try (PcapWriter w = new PcapWriter(pcap, 1)) {
            for (int i = 0; i < 3000; i++) {
                frame[0] = (byte) i;
                w.write(i, frame);
            }
        }
        // A stream that hands out odd small chunks exercises the refill path.
        InputStream slow = new ByteArrayInputStream(pcap.toByteArray()) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        int n = 0;
        try (CaptureReader r = CaptureReader.open(slow, ReaderOptions.STRICT)) {
            while (r.next()) {
                assertThat(r.buffer()[r.dataOffset()]).isEqualTo((byte) n);
                assertThat(r.timestampNanos()).isEqualTo(n);
                n++;
            }
        }
        assertThat(n).isEqualTo(3000);
    }

    @Test
    void wrongMagicSaysWhatWasExpected() {
        assertThatThrownBy(() -> readAll(new byte[] {'G', 'I', 'F', '8', 0, 0}, ReaderOptions.STRICT))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("at byte 0")
                .hasMessageContaining("a1b2c3d4").hasMessageContaining("found 47494638");
        assertThatThrownBy(() -> readAll(new byte[] {1, 2}, ReaderOptions.LENIENT))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("magic");
    }

    @Test
    void truncatedFileHeaderAndRecord() {
        byte[] file = Blocks.pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 65535, 1).record(1, 2, B).bytes();
        assertThatThrownBy(() -> readAll(Arrays.copyOf(file, 20), ReaderOptions.STRICT))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("truncated pcap file header");
        assertThatThrownBy(() -> readAll(Arrays.copyOf(file, 30), ReaderOptions.STRICT))
                .isInstanceOf(PcapFormatException.class).hasMessage("at byte 24: truncated record header: "
                        + "expected 16 bytes, file has 6");
        assertThatThrownBy(() -> readAll(Arrays.copyOf(file, file.length - 1), ReaderOptions.STRICT))
                .isInstanceOf(PcapFormatException.class).hasMessage("at byte 24: truncated record: header says 8 "
                        + "captured bytes, file has 7");
    }

    @Test
    void capturedLengthOverSnapLengthAndAbsurdLengthsNeverAllocate() {
        byte[] overSnap = Blocks.pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 4, 1).record(1, 2, B).bytes();
        assertThatThrownBy(() -> readAll(overSnap, ReaderOptions.STRICT)).isInstanceOf(PcapFormatException.class)
                .hasMessage("at byte 24: record captured length 8 exceeds the snap length 4");
        Blocks b = Blocks.pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, -1, 1);
        b.raw(b.buf(16).putInt(1).putInt(0).putInt(-1).putInt(-1));
        assertThatThrownBy(() -> readAll(b.bytes(), ReaderOptions.STRICT)).isInstanceOf(PcapFormatException.class)
                .hasMessageContaining("captured length 4294967295 exceeds the reader's bound 16777216");
        Blocks ng = Blocks.pcapng(ByteOrder.LITTLE_ENDIAN);
        ng.raw(ng.buf(8).putInt(6).putInt(-4));
        assertThatThrownBy(() -> readAll(ng.bytes(), ReaderOptions.STRICT)).isInstanceOf(PcapFormatException.class)
                .hasMessage("at byte 28: block length 4294967292 exceeds the reader's bound 16777216");
    }

    @Test
    void pcapngBlockLengthMismatchStrictAndLenient() throws IOException {
        Blocks b = Blocks.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 0, 9, null).epb(0, 1, A).epb(0, 2, B);
        byte[] file = b.bytes();
        // Corrupt the trailing length of the first EPB (starts after SHB 28 + IDB 32; EPB of A is 40 bytes).
        int firstEpb = 28 + 32;
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(firstEpb + 40 - 4, 44);
        assertThatThrownBy(() -> readAll(file, ReaderOptions.STRICT)).isInstanceOf(PcapFormatException.class)
                .hasMessage("at byte 60: block length mismatch: leading length 40, trailing length 44");
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(file), ReaderOptions.LENIENT)) {
            List<CaptureRecord> records = new ArrayList<>();
            r.forEach(records::add);
            assertThat(records).hasSize(2);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void lenientSkipsBadPacketBlocksAndCountsThem() throws IOException {
        Blocks b = Blocks.pcapng(ByteOrder.LITTLE_ENDIAN).idb(1, 4, 9, null).epb(0, 1, A).epb(0, 2, new byte[3])
                .epb(7, 3, new byte[2]);
        assertThatThrownBy(() -> readAll(b.bytes(), ReaderOptions.STRICT)).isInstanceOf(PcapFormatException.class)
                .hasMessage("at byte 80: captured length 5 exceeds the snap length 4");
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(b.bytes()), ReaderOptions.LENIENT)) {
            List<CaptureRecord> records = new ArrayList<>();
            r.forEach(records::add);
            assertThat(records).extracting(CaptureRecord::capturedLength).containsExactly(3);
            assertThat(r.skippedRecords()).isEqualTo(2);
        }
    }

    @Test
    void lenientClassicCountsTheTruncatedTail() throws IOException {
        byte[] file = Blocks.pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 65535, 1).record(1, 2, A).record(3, 4, B)
                .bytes();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 3)),
                ReaderOptions.LENIENT)) {
            List<CaptureRecord> records = new ArrayList<>();
            r.forEach(records::add);
            assertThat(records).hasSize(1);
            assertThat(r.skippedRecords()).isEqualTo(1);
        }
    }

    @Test
    void everyTruncationOfAValidPcapngFileIsATypedErrorOrACleanPrefix() throws IOException {
        byte[] file = Blocks.pcapng(ByteOrder.BIG_ENDIAN).idb(1, 0, 9, "eth0").epb(0, 1, A).spb(B).bytes();
        for (int n = 0; n < file.length; n++) {
            byte[] prefix = Arrays.copyOf(file, n);
            try {
                readAll(prefix, ReaderOptions.STRICT);
                // Only cuts at block boundaries read cleanly.
                assertThat(n).isIn(28, 28 + 40, 28 + 40 + 40);
            } catch (PcapFormatException e) {
                assertThat(e.offset()).isBetween(0L, (long) n);
            }
            readAll(prefix.length >= 28 ? prefix : file, ReaderOptions.LENIENT);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
