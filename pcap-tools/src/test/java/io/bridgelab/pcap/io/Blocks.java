package io.bridgelab.pcap.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-built capture files for reader tests, in either byte order. */
final class Blocks {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    Blocks(ByteOrder order) {
        this.order = order;
    }

    static Blocks pcapng(ByteOrder order) {
        Blocks b = new Blocks(order);
        b.block(0x0a0d0d0a, b.buf(16).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1));
        return b;
    }

    static Blocks pcap(ByteOrder order, int magic, int snap, int linkType) {
        Blocks b = new Blocks(order);
        b.raw(b.buf(24).putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snap)
                .putInt(linkType));
        return b;
    }

    ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    Blocks raw(ByteBuffer b) {
        out.write(b.array(), 0, b.position());
        return this;
    }

    Blocks raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    Blocks record(long sec, long frac, byte[] data) {
        raw(buf(16).putInt((int) sec).putInt((int) frac).putInt(data.length).putInt(data.length));
        return raw(data);
    }

    Blocks block(int type, ByteBuffer body) {
        int len = 12 + ((body.position() + 3) & ~3);
        raw(buf(8).putInt(type).putInt(len));
        raw(body);
        raw(new byte[((body.position() + 3) & ~3) - body.position()]);
        return raw(buf(4).putInt(len));
    }

    /** IDB with optional if_tsresol (-1: none) and name (null: none). */
    Blocks idb(int linkType, int snap, int tsresol, String name) {
        ByteBuffer b = buf(256).putShort((short) linkType).putShort((short) 0).putInt(snap);
        if (name != null) {
            byte[] n = name.getBytes();
            b.putShort((short) 2).putShort((short) n.length).put(n);
            b.put(new byte[((n.length + 3) & ~3) - n.length]);
        }
        if (tsresol >= 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        b.putInt(0);
        return block(1, b);
    }

    Blocks epb(int ifid, long ticks, byte[] data) {
        ByteBuffer b = buf(20 + data.length + 4).putInt(ifid).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(data.length).putInt(data.length).put(data);
        b.put(new byte[((data.length + 3) & ~3) - data.length]);
        return block(6, b);
    }

    Blocks spb(byte[] data) {
        ByteBuffer b = buf(4 + data.length + 4).putInt(data.length).put(data);
        b.put(new byte[((data.length + 3) & ~3) - data.length]);
        return block(3, b);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
