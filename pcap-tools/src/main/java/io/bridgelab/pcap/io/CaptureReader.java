package io.bridgelab.pcap.io;

import io.bridgelab.netfilter.packet.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A streaming reader of a capture file, classic pcap or pcapng, chosen by the file's magic. It is a
 * cursor: {@link #next()} moves to the next packet and the accessors describe it, with the bytes left in
 * the reader's buffer ({@link #buffer()}, {@link #dataOffset()}, {@link #capturedLength()}), valid until
 * the next call. That makes reading allocation-free; {@link #record()} copies the current packet out.
 * Not thread-safe.
 */
public sealed interface CaptureReader extends AutoCloseable permits PcapReader, PcapNgReader {

    /** Opens a file, sniffing its format; errors in the file header are thrown here. */
    static CaptureReader open(Path file, ReaderOptions options) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return open(in, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    static CaptureReader open(Path file) throws IOException {
        return open(file, ReaderOptions.STRICT);
    }

    /** Reads from a stream (which the reader closes), sniffing the format from the first four bytes. */
    static CaptureReader open(InputStream in, ReaderOptions options) throws IOException {
        ByteInput input = new ByteInput(in, ByteInput.DEFAULT_BUFFER);
        if (!input.request(4)) {
            throw new PcapFormatException(0, "expected a 4-byte pcap or pcapng magic number, file has "
                    + input.available() + " bytes");
        }
        int magic = ByteInput.i32(input.buffer(), input.position(), true);
        if (magic == PcapNgReader.SHB_TYPE) {
            return new PcapNgReader(input, options);
        }
        return new PcapReader(input, options);
    }

    /** Moves to the next packet; false at the end of the file. */
    boolean next() throws IOException;

    long timestampNanos();

    /** Index of the packet's interface in {@link #interfaces()} (pcapng), 0 for classic pcap. */
    int interfaceIndex();

    int linkType();

    int originalLength();

    /** The buffer holding the current packet's bytes; valid until the next {@link #next()}. */
    byte[] buffer();

    int dataOffset();

    int capturedLength();

    /** File offset of the current packet's record (or block) header. */
    long recordOffset();

    /** Interfaces described so far (pcapng adds them as its blocks arrive). */
    List<CaptureInterface> interfaces();

    /** Records skipped as bad in lenient mode. */
    long skippedRecords();

    /** The current packet, copied out of the buffer. */
    default CaptureRecord record() {
        return new CaptureRecord(timestampNanos(), interfaceIndex(), linkType(), originalLength(),
                Bytes.copyOf(buffer(), dataOffset(), capturedLength()));
    }

    /** Reads every remaining packet as a record. */
    default void forEach(Consumer<CaptureRecord> action) throws IOException {
        while (next()) {
            action.accept(record());
        }
    }

    @Override
    void close() throws IOException;
}
