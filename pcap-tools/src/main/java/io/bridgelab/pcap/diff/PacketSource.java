package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.pcap.codec.DecodedFrame;
import io.bridgelab.pcap.codec.FrameDecodeException;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A capture read as a stream of {@link CapturedPacket}s, timestamps made relative to the first packet (two
 * captures of the same traffic never share a clock). Frames that do not decode are kept as raw bytes.
 * I/O and format errors surface as {@link UncheckedIOException}.
 */
public final class PacketSource implements Iterator<CapturedPacket> {
    private final CaptureReader reader;
    private long number;
    private long firstTimestamp = -1;
    private CapturedPacket next;
    private boolean done;

    public PacketSource(CaptureReader reader) {
        this.reader = reader;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                if (reader.next()) {
                    next = current();
                } else {
                    done = true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public CapturedPacket next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CapturedPacket p = next;
        next = null;
        return p;
    }

    private CapturedPacket current() {
        number++;
        long ts = reader.timestampNanos();
        if (firstTimestamp < 0) {
            firstTimestamp = ts;
        }
        try {
            DecodedFrame frame = FrameDecoder.decode(reader.linkType(), reader.buffer(), reader.dataOffset(),
                    reader.capturedLength());
            return new CapturedPacket(number, ts - firstTimestamp, frame, null);
        } catch (FrameDecodeException e) {
            return new CapturedPacket(number, ts - firstTimestamp, null,
                    Bytes.copyOf(reader.buffer(), reader.dataOffset(), reader.capturedLength()));
        }
    }
}
