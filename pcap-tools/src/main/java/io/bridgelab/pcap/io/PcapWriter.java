package io.bridgelab.pcap.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes classic pcap in little-endian order, with nanosecond (magic a1b23c4d) or microsecond timestamps;
 * a file has one link type. Records longer than the snap length are cut to it, as libpcap would.
 */
public final class PcapWriter implements CaptureWriter {
    /** tcpdump's default and maximum snap length. */
    public static final int DEFAULT_SNAP_LENGTH = 262144;

    private final ByteOutput out;
    private final boolean nanos;
    private final int snapLength;

    public PcapWriter(OutputStream stream, int linkType, boolean nanosecondTimestamps, int snapLength)
            throws IOException {
        if (snapLength <= 0) {
            throw new IllegalArgumentException("snap length must be positive: " + snapLength);
        }
        this.out = new ByteOutput(stream);
        this.nanos = nanosecondTimestamps;
        this.snapLength = snapLength;
        out.u32(nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS);
        out.u16(2);
        out.u16(4);
        out.u32(0);
        out.u32(0);
        out.u32(snapLength);
        out.u32(linkType);
    }

    /** Nanosecond timestamps, snap length 262144. */
    public PcapWriter(OutputStream stream, int linkType) throws IOException {
        this(stream, linkType, true, DEFAULT_SNAP_LENGTH);
    }

    @Override
    public void write(long timestampNanos, int interfaceIndex, int originalLength, byte[] data, int offset, int length)
            throws IOException {
        if (interfaceIndex != 0) {
            throw new IllegalArgumentException("classic pcap has one interface; got index " + interfaceIndex);
        }
        if (timestampNanos < 0) {
            throw new IllegalArgumentException("negative timestamp: " + timestampNanos);
        }
        int captured = Math.min(length, snapLength);
        long seconds = timestampNanos / 1_000_000_000L;
        long fraction = timestampNanos % 1_000_000_000L;
        out.u32x4(seconds, nanos ? fraction : fraction / 1_000L, captured, Math.max(originalLength, captured));
        out.bytes(data, offset, captured);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
