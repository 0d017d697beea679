package io.bridgelab.pcap.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A read buffer over a stream, so the readers parse records in place instead of making a stream
 * call per field. {@link #request} guarantees {@code n} contiguous bytes at {@link #position()}; callers
 * bound {@code n} by {@link ReaderOptions#maxRecordBytes()} before asking, so the buffer never grows
 * from an untrusted length.
 */
final class ByteInput implements AutoCloseable {
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    /**
     * 16 KiB: many calls' worth of records, and still in the core's own cache when they are parsed. A replay reads
     * a record every microsecond or so and allocates a kilobyte or more per record in between, so a 1 MiB buffer,
     * filled at once, had left the cache by the time its later records were decoded: their first bytes stalled on
     * memory (about a twentieth of a replay). Reading a capture straight through is no slower with it.
     */
    static final int DEFAULT_BUFFER = 1 << 14;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private long base;
    private boolean eof;
    private boolean bigEndian;

    ByteInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    void bigEndian(boolean big) {
        this.bigEndian = big;
    }

    boolean bigEndian() {
        return bigEndian;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    /** Offset in the file of the byte at {@link #position()}. */
    long fileOffset() {
        return base + pos;
    }

    int available() {
        return limit - pos;
    }

    void advance(int n) {
        pos += n;
    }

    /** True when {@code n} bytes are buffered at the position; false if the stream ends first. */
    boolean request(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        fill(n);
        return limit - pos >= n;
    }

    /** True at the end of the stream with nothing left buffered. */
    boolean atEnd() throws IOException {
        return !request(1);
    }

    private void fill(int n) throws IOException {
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, Math.min(buf.length * 2, Integer.MAX_VALUE - 16))];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
        }
        base += pos;
        limit -= pos;
        pos = 0;
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
    }

    /** Unsigned 32 bits at {@code pos + at} in the current byte order. */
    long u32(int at) {
        return i32(at) & 0xffff_ffffL;
    }

    int i32(int at) {
        return bigEndian ? (int) BE32.get(buf, pos + at) : (int) LE32.get(buf, pos + at);
    }

    int u16(int at) {
        return (bigEndian ? (short) BE16.get(buf, pos + at) : (short) LE16.get(buf, pos + at)) & 0xffff;
    }

    int u8(int at) {
        return buf[pos + at] & 0xff;
    }

    static int i32(byte[] b, int at, boolean big) {
        return big ? (int) BE32.get(b, at) : (int) LE32.get(b, at);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
