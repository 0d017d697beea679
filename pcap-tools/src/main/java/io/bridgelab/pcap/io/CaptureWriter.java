package io.bridgelab.pcap.io;

import java.io.IOException;

/** Writes packets to a capture file; {@link #close()} flushes and closes the underlying stream. */
public sealed interface CaptureWriter extends AutoCloseable permits PcapWriter, PcapNgWriter {

    /** Writes one packet: {@code length} bytes of {@code data} from {@code offset}, as captured. */
    void write(long timestampNanos, int interfaceIndex, int originalLength, byte[] data, int offset, int length)
            throws IOException;

    default void write(CaptureRecord record) throws IOException {
        byte[] bytes = record.data().toArray();
        write(record.timestampNanos(), record.interfaceIndex(), record.originalLength(), bytes, 0, bytes.length);
    }

    /** Writes a frame captured whole, on interface 0. */
    default void write(long timestampNanos, byte[] frame) throws IOException {
        write(timestampNanos, 0, frame.length, frame, 0, frame.length);
    }

    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
