package io.bridgelab.pcap.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pcapng in little-endian order: one Section Header Block, an Interface Description Block per
 * {@link #addInterface} (with {@code if_name} and {@code if_tsresol} = 9, nanoseconds), and an Enhanced
 * Packet Block per packet. Interfaces may be added between packets, as pcapng allows.
 */
public final class PcapNgWriter implements CaptureWriter {
    private final ByteOutput out;
    private int interfaces;
    private final int[] snapLengths = new int[1024];

    public PcapNgWriter(OutputStream stream) throws IOException {
        this.out = new ByteOutput(stream);
        out.u32(PcapNgReader.SHB_TYPE);
        out.u32(28);
        out.u32(PcapNgReader.BYTE_ORDER_MAGIC);
        out.u16(1);
        out.u16(0);
        out.u64(-1L);
        out.u32(28);
    }

    /** Describes an interface; returns its index for {@link #write}. {@code name} may be null. */
    public int addInterface(int linkType, int snapLength, String name) throws IOException {
        if (interfaces == snapLengths.length) {
            throw new IllegalStateException("more than " + snapLengths.length + " interfaces");
        }
        byte[] nameBytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xfff0) {
            throw new IllegalArgumentException("interface name too long");
        }
        int nameOption = nameBytes.length == 0 ? 0 : 4 + pad(nameBytes.length);
        int length = 20 + nameOption + 8 + 4;
        out.u32(PcapNgReader.IDB);
        out.u32(length);
        out.u16(linkType);
        out.u16(0);
        out.u32(snapLength);
        if (nameBytes.length > 0) {
            out.u16(2);
            out.u16(nameBytes.length);
            out.bytes(nameBytes, 0, nameBytes.length);
            out.zeros(pad(nameBytes.length) - nameBytes.length);
        }
        out.u16(9);
        out.u16(1);
        out.u8(9);
        out.zeros(3);
        out.u32(0);
        out.u32(length);
        snapLengths[interfaces] = snapLength;
        return interfaces++;
    }

    @Override
    public void write(long timestampNanos, int interfaceIndex, int originalLength, byte[] data, int offset, int length)
            throws IOException {
        if (interfaceIndex < 0 || interfaceIndex >= interfaces) {
            throw new IllegalArgumentException("no interface " + interfaceIndex + " (" + interfaces + " added)");
        }
        int snap = snapLengths[interfaceIndex];
        int captured = snap == 0 ? length : Math.min(length, snap);
        int blockLength = 32 + pad(captured);
        out.u32(PcapNgReader.EPB);
        out.u32(blockLength);
        out.u32(interfaceIndex);
        out.u32(timestampNanos >>> 32);
        out.u32(timestampNanos & 0xffff_ffffL);
        out.u32(captured);
        out.u32(Math.max(originalLength, captured));
        out.bytes(data, offset, captured);
        out.zeros(pad(captured) - captured);
        out.u32(blockLength);
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
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
