package io.bridgelab.pcap.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): sections that each start with a Section Header Block, whose
 * byte-order magic sets the byte order of the blocks that follow; Interface Description Blocks (link type,
 * snap length, {@code if_name}, {@code if_tsresol}, {@code if_tsoffset}); Enhanced, Simple and the obsolete
 * Packet Blocks carry packets; other blocks are skipped by their length. Every block's leading length is
 * bounded before it is buffered and checked against its trailing copy.
 */
public final class PcapNgReader implements CaptureReader {
    static final int SHB_TYPE = 0x0a0d0d0a;
    static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    private static final int OPT_END = 0;
    private static final int IF_NAME = 2;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;

    private final ByteInput in;
    private final ReaderOptions options;
    private final List<CaptureInterface> interfaces = new ArrayList<>();
    private final List<CaptureInterface> view = Collections.unmodifiableList(interfaces);
    private long skipped;
    private boolean ended;
    private int sections;

    private long timestamp;
    private int interfaceIndex;
    private int linkType;
    private int originalLength;
    private int dataOffset;
    private int capturedLength;
    private long recordOffset;
    private int pendingAdvance;

    PcapNgReader(ByteInput in, ReaderOptions options) throws IOException {
        this.in = in;
        this.options = options;
        // The first block must be a section header; reading it here makes header errors surface on open.
        int length = sectionHeader();
        in.advance(length);
    }

    /** Number of Section Header Blocks seen (interface indices restart in each section). */
    public int sections() {
        return sections;
    }

    /** Parses the SHB at the position (byte order, version); returns its length. Throws even when lenient. */
    private int sectionHeader() throws IOException {
        long offset = in.fileOffset();
        if (!in.request(12)) {
            throw new PcapFormatException(offset, "truncated Section Header Block: expected 12 bytes, file has "
                    + in.available());
        }
        int bom = ByteInput.i32(in.buffer(), in.position() + 8, true);
        if (bom == BYTE_ORDER_MAGIC) {
            in.bigEndian(true);
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            in.bigEndian(false);
        } else {
            throw new PcapFormatException(offset + 8, String.format(
                    "expected the byte-order magic 1a2b3c4d in either order, found %08x", bom));
        }
        int length = checkedLength(offset, 28);
        if (length < 0) {
            throw new PcapFormatException(offset, "unusable Section Header Block length");
        }
        int major = in.u16(12);
        if (major != 1) {
            throw new PcapFormatException(offset + 12, "expected pcapng major version 1, found " + major);
        }
        interfaces.clear();
        sections++;
        return length;
    }

    /**
     * Reads and validates the block length at the position and buffers the whole block; returns the length,
     * or -1 after a (lenient) failure from which the stream cannot be resynchronised.
     */
    private int checkedLength(long offset, int minimum) throws IOException {
        long length = in.u32(4);
        if (length < minimum || length % 4 != 0) {
            failHard(offset, "block length " + length + " is not a multiple of 4 of at least " + minimum);
            return -1;
        }
        if (length > options.maxRecordBytes()) {
            failHard(offset, "block length " + length + " exceeds the reader's bound " + options.maxRecordBytes());
            return -1;
        }
        if (!in.request((int) length)) {
            failHard(offset, "truncated block: length says " + length + " bytes, file has " + in.available());
            return -1;
        }
        long trailing = in.u32((int) length - 4);
        if (trailing != length) {
            if (!options.lenient()) {
                throw new PcapFormatException(offset, "block length mismatch: leading length " + length
                        + ", trailing length " + trailing);
            }
            // Lenient: trust the leading length and go on; the next block's header check decides.
            skipped++;
        }
        return (int) length;
    }

    @Override
    public boolean next() throws IOException {
        in.advance(pendingAdvance);
        pendingAdvance = 0;
        while (!ended) {
            long offset = in.fileOffset();
            if (!in.request(8)) {
                if (in.available() != 0) {
                    failHard(offset, "truncated block header: expected 8 bytes, file has " + in.available());
                }
                ended = true;
                return false;
            }
            int type = in.i32(0);
            if (type == SHB_TYPE) {
                try {
                    in.advance(sectionHeader());
                } catch (PcapFormatException e) {
                    failHard(e.offset(), e.getMessage());
                    return false;
                }
                continue;
            }
            int length = checkedLength(offset, 12);
            if (length < 0) {
                ended = true;
                return false;
            }
            boolean packet = switch (type) {
                case IDB -> interfaceBlock(offset, length);
                case EPB -> enhancedPacket(offset, length, false);
                case PB -> enhancedPacket(offset, length, true);
                case SPB -> simplePacket(offset, length);
                default -> false;
            };
            if (packet) {
                recordOffset = offset;
                pendingAdvance = length;
                return true;
            }
            in.advance(length);
        }
        return false;
    }

    private boolean interfaceBlock(long offset, int length) throws IOException {
        if (length < 20) {
            return fail(offset, "Interface Description Block of " + length + " bytes, expected at least 20");
        }
        int type = in.u16(8);
        long snap = in.u32(12);
        String name = null;
        Timestamps ts = Timestamps.MICROSECONDS;
        long tsOffset = 0;
        int at = 16;
        int end = length - 4;
        while (at + 4 <= end) {
            int code = in.u16(at);
            int len = in.u16(at + 2);
            if (code == OPT_END) {
                break;
            }
            if (at + 4 + len > end) {
                return fail(offset + at, "option " + code + " of " + len + " bytes overruns its block");
            }
            if (code == IF_NAME) {
                name = new String(in.buffer(), in.position() + at + 4, len, StandardCharsets.UTF_8).replace("\0", "");
            } else if (code == IF_TSRESOL && len >= 1) {
                ts = Timestamps.fromTsresol(in.u8(at + 4), 0);
                if (ts == null) {
                    return fail(offset + at, "if_tsresol " + in.u8(at + 4) + " is out of range");
                }
            } else if (code == IF_TSOFFSET && len >= 8) {
                tsOffset = in.bigEndian()
                        ? (in.u32(at + 4) << 32) | in.u32(at + 8)
                        : (in.u32(at + 8) << 32) | in.u32(at + 4);
            }
            at += 4 + ((len + 3) & ~3);
        }
        interfaces.add(new CaptureInterface(type, snap, name, ts.withOffset(tsOffset)));
        return false;
    }

    private boolean enhancedPacket(long offset, int length, boolean obsolete) throws IOException {
        if (length < 32) {
            return fail(offset, "packet block of " + length + " bytes, expected at least 32");
        }
        long ifid = obsolete ? in.u16(8) : in.u32(8);
        long captured = in.u32(20);
        long original = in.u32(24);
        if (ifid >= interfaces.size()) {
            return fail(offset + 8, "packet names interface " + ifid + " but the section has "
                    + interfaces.size());
        }
        if (captured > length - 32) {
            return fail(offset + 20, "captured length " + captured + " overruns the " + length + "-byte block");
        }
        CaptureInterface iface = interfaces.get((int) ifid);
        if (iface.snapLength() != 0 && captured > iface.snapLength()) {
            return fail(offset + 20, "captured length " + captured + " exceeds the snap length "
                    + iface.snapLength());
        }
        if (original > Integer.MAX_VALUE) {
            return fail(offset + 24, "original length " + original + " is absurd (over 2^31)");
        }
        long ticks = in.u32(12) << 32 | in.u32(16);
        set(iface, (int) ifid, ticks, 28, (int) captured, (int) original);
        return true;
    }

    private boolean simplePacket(long offset, int length) throws IOException {
        if (length < 16) {
            return fail(offset, "Simple Packet Block of " + length + " bytes, expected at least 16");
        }
        if (interfaces.isEmpty()) {
            return fail(offset, "Simple Packet Block before any Interface Description Block");
        }
        long original = in.u32(8);
        if (original > Integer.MAX_VALUE) {
            return fail(offset + 8, "original length " + original + " is absurd (over 2^31)");
        }
        CaptureInterface iface = interfaces.get(0);
        // The SPB has no captured length: it is the original length cut to the snap length (and the block).
        long captured = Math.min(original, length - 16);
        if (iface.snapLength() != 0) {
            captured = Math.min(captured, iface.snapLength());
        }
        set(iface, 0, -1, 12, (int) captured, (int) original);
        return true;
    }

    private void set(CaptureInterface iface, int index, long ticks, int at, int captured, int original) {
        // A Simple Packet Block has no timestamp: 0, as tshark shows it.
        timestamp = ticks < 0 ? 0 : iface.timestamps().toNanos(ticks);
        interfaceIndex = index;
        linkType = iface.linkType();
        dataOffset = in.position() + at;
        capturedLength = captured;
        originalLength = original;
    }

    /** A bad block that can be stepped over: throws when strict, counts when lenient. */
    private boolean fail(long offset, String message) throws PcapFormatException {
        if (!options.lenient()) {
            ended = true;
            throw new PcapFormatException(offset, message);
        }
        skipped++;
        return false;
    }

    /** A bad block header that leaves no way to the next block: throws when strict, ends when lenient. */
    private void failHard(long offset, String message) throws PcapFormatException {
        ended = true;
        if (!options.lenient()) {
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
        return interfaceIndex;
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
        return view;
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
