package io.bridgelab.pcap.codec;

/**
 * A frame whose captured bytes end before a header they announce is complete (or a link type we do not
 * decode). {@link #offset()} is relative to the start of the frame. This is the only exception the
 * decoder throws for any input: malformed-but-complete headers are carried as opaque bytes instead, so
 * that every capture still round-trips.
 */
public final class FrameDecodeException extends RuntimeException {
    private final int offset;

    public FrameDecodeException(int offset, String expected) {
        super("at frame byte " + offset + ": " + expected, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
