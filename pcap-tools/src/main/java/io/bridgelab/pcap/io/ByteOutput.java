package io.bridgelab.pcap.io;

import java.io.IOException;
import java.io.OutputStream;

/** A little-endian write buffer in front of a stream: the writers emit whole records with few stream calls. */
final class ByteOutput implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int len;

    ByteOutput(OutputStream out) {
        this.out = out;
    }

    void u8(int v) throws IOException {
        room(1);
        buf[len++] = (byte) v;
    }

    void u16(int v) throws IOException {
        room(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
    }

    void u32(long v) throws IOException {
        room(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
    }

    /** Four 32-bit words with one check for room: a pcap record header, written for every captured frame. */
    void u32x4(long a, long b, long c, long d) throws IOException {
        room(16);
        put32(len, a);
        put32(len + 4, b);
        put32(len + 8, c);
        put32(len + 12, d);
        len += 16;
    }

    private void put32(int at, long v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    void u64(long v) throws IOException {
        u32(v & 0xffff_ffffL);
        u32(v >>> 32);
    }

    void bytes(byte[] b, int off, int n) throws IOException {
        if (n > buf.length) {
            flushBuffer();
            out.write(b, off, n);
            return;
        }
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void zeros(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            u8(0);
        }
    }

    private void room(int n) throws IOException {
        if (len + n > buf.length) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
