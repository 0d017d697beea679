package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.pcap.codec.DecodedFrame;
import io.bridgelab.pcap.codec.FrameDecodeException;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A capture read as a stream of {@link CapturedPacket}s, timestamps made relative to the first packet (two
 * captures of the same traffic never share a clock). Frames that do not decode are kept as raw bytes.
 * I/O and format errors surface as {@link UncheckedIOException}.
 */
public final class PacketSource implements Iterator<CapturedPacket> {
    private final CaptureReader reader;
    private final String name;
    private long number;
    private long firstTimestamp = -1;
    private boolean positioned;
    private CapturedPacket decoded;
    private boolean done;

    public PacketSource(CaptureReader reader) {
        this(reader, null);
    }

    /** A source whose read errors are prefixed with {@code name} (e.g. the file name); may be null. */
    public PacketSource(CaptureReader reader, String name) {
        this.reader = reader;
        this.name = name;
    }

    /** Moves to the next record without decoding it; false at the end. */
    boolean advance() {
        decoded = null;
        positioned = false;
        if (done) {
            return false;
        }
        try {
            if (!reader.next()) {
                done = true;
                return false;
            }
        } catch (IOException e) {
            throw name == null ? new UncheckedIOException(e) : new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
        number++;
        if (firstTimestamp < 0) {
            firstTimestamp = reader.timestampNanos();
        }
        positioned = true;
        return true;
    }

    /** Bad records the reader skipped so far (lenient reading); all of them once the source is exhausted. */
    public long skippedRecords() {
        return reader.skippedRecords();
    }

    /** Time of the current record since the first. */
    long relativeNanos() {
        return reader.timestampNanos() - firstTimestamp;
    }

    /** True when both current records have the same link type and bytes (compared in the readers' buffers). */
    boolean sameRecordAs(PacketSource other) {
        CaptureReader o = other.reader;
        return reader.linkType() == o.linkType() && reader.capturedLength() == o.capturedLength()
                && Arrays.equals(reader.buffer(), reader.dataOffset(), reader.dataOffset() + reader.capturedLength(),
                        o.buffer(), o.dataOffset(), o.dataOffset() + o.capturedLength());
    }

    /** The current record, decoded (once). */
    CapturedPacket current() {
        if (decoded == null) {
            decoded = decode();
        }
        return decoded;
    }

    @Override
    public boolean hasNext() {
        if (!positioned && !done) {
            advance();
        }
        return positioned;
    }

    @Override
    public CapturedPacket next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CapturedPacket p = current();
        positioned = false;
        return p;
    }

    private CapturedPacket decode() {
        long ts = relativeNanos();
        try {
            DecodedFrame frame = FrameDecoder.decode(reader.linkType(), reader.buffer(), reader.dataOffset(),
                    reader.capturedLength());
            return new CapturedPacket(number, ts, frame, null);
        } catch (FrameDecodeException e) {
            return new CapturedPacket(number, ts, null,
                    Bytes.copyOf(reader.buffer(), reader.dataOffset(), reader.capturedLength()));
        }
    }
}
