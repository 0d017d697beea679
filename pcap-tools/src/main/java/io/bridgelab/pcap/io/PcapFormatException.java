package io.bridgelab.pcap.io;

import java.io.IOException;

/**
 * A capture file that does not follow its format: says at which byte offset of the file and what was
 * expected there, e.g. {@code at byte 24: record captured length 70000 exceeds the snap length 65535}.
 */
public final class PcapFormatException extends IOException {
    private final long offset;

    public PcapFormatException(long offset, String expected) {
        super("at byte " + offset + ": " + expected);
        this.offset = offset;
    }

    /** Byte offset in the file where the bad structure starts. */
    public long offset() {
        return offset;
    }
}
