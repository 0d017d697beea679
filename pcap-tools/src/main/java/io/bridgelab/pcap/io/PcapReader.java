package io.bridgelab.pcap.io;

import java.io.IOException;
import java.util.List;

/**
 * Classic libpcap files: a 24-byte file header (magic a1b2c3d4 for microsecond or a1b23c4d for nanosecond
 * timestamps, written in the writer's byte order) and 16-byte record headers. Lengths are checked against
 * the snap length and {@link ReaderOptions#maxRecordBytes()} before any byte is buffered for them.
 */
public final class PcapReader implements CaptureReader {
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private final ByteInput in;
    private final ReaderOptions options;
    private final boolean nanos;
    private final int linkType;
    private final long snapLength;
    private final long limit;
    private final List<CaptureInterface> interfaces;
    private long skipped;
    private boolean ended;

    private long timestamp;
    private int originalLength;
    private int dataOffset;
    private int capturedLength;
    private long recordOffset;
    private int pendingAdvance;

    PcapReader(ByteInput in, ReaderOptions options) throws IOException {
        this.in = in;
        this.options = options;
        int magic = ByteInput.i32(in.buffer(), in.position(), true);
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            in.bigEndian(true);
        } else if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
            in.bigEndian(false);
            magic = Integer.reverseBytes(magic);
        } else {
            throw new PcapFormatException(0, String.format(
                    "expected pcap magic a1b2c3d4/a1b23c4d (either byte order) or pcapng 0a0d0d0a, found %08x", magic));
        }
        nanos = magic == MAGIC_NANOS;
        if (!in.request(FILE_HEADER)) {
            throw new PcapFormatException(in.available(), "truncated pcap file header: expected 24 bytes, file has "
                    + in.available());
        }
        snapLength = in.u32(16);
        // The upper bits of the link-type word carry FCS information (pcap-savefile(5)), not the type.
        linkType = in.i32(20) & 0xffff;
        limit = snapLength == 0 ? options.maxRecordBytes() : Math.min(snapLength, options.maxRecordBytes());
        in.advance(FILE_HEADER);
        Timestamps ts = nanos ? Timestamps.NANOSECONDS : Timestamps.MICROSECONDS;
        interfaces = List.of(new CaptureInterface(linkType, snapLength, null, ts));
    }

    public boolean nanosecondResolution() {
        return nanos;
    }

    public long snapLength() {
        return snapLength;
    }

    @Override
    public boolean next() throws IOException {
        in.advance(pendingAdvance);
        pendingAdvance = 0;
        while (!ended) {
            if (!in.request(RECORD_HEADER)) {
                if (in.available() == 0) {
                    ended = true;
                    return false;
                }
                fail(in.fileOffset(), "truncated record header: expected 16 bytes, file has " + in.available());
                ended = true;
                return false;
            }
            long offset = in.fileOffset();
            long seconds = in.u32(0);
            long fraction = in.u32(4);
            long captured = in.u32(8);
            long original = in.u32(12);
            if (captured > limit) {
                String why = captured > snapLength && snapLength != 0
                        ? "record captured length " + captured + " exceeds the snap length " + snapLength
                        : "record captured length " + captured + " exceeds the reader's bound "
                        + options.maxRecordBytes();
                fail(offset, why);
                // A length this wrong gives no trustworthy way to the next record: stop, even when lenient.
                ended = true;
                return false;
            }
            if (!in.request(RECORD_HEADER + (int) captured)) {
                fail(offset, "truncated record: header says " + captured + " captured bytes, file has "
                        + (in.available() - RECORD_HEADER));
                ended = true;
                return false;
            }
            if (original > Integer.MAX_VALUE) {
                fail(offset, "record original length " + original + " is absurd (over 2^31)");
                in.advance(RECORD_HEADER + (int) captured);
                continue;
            }
            recordOffset = offset;
            timestamp = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1_000L);
            capturedLength = (int) captured;
            originalLength = (int) original;
            dataOffset = in.position() + RECORD_HEADER;
            pendingAdvance = RECORD_HEADER + capturedLength;
            return true;
        }
        return false;
    }

    private void fail(long offset, String message) throws PcapFormatException {
        if (!options.lenient()) {
            ended = true;
            throw new PcapFormatException(offset, message);
        }
        skipped++;
    }

    @Override
    public long timestampNanos() {
        return timestamp;
    }

    @Override
    public int interfaceIndex() {
        return 0;
    }

    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int originalLength() {
        return originalLength;
    }

    @Override
    public byte[] buffer() {
        return in.buffer();
    }

    @Override
    public int dataOffset() {
        return dataOffset;
    }

    @Override
    public int capturedLength() {
        return capturedLength;
    }

    @Override
    public long recordOffset() {
        return recordOffset;
    }

    @Override
    public List<CaptureInterface> interfaces() {
        return interfaces;
    }

    @Override
    public long skippedRecords() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
