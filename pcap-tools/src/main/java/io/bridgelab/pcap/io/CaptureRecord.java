package io.bridgelab.pcap.io;

import io.bridgelab.netfilter.packet.Bytes;

/**
 * One captured packet: when (nanoseconds since the epoch), on which interface of the file (always 0 in
 * classic pcap), its link type, its length on the wire and the bytes captured (possibly fewer).
 */
public record CaptureRecord(long timestampNanos, int interfaceIndex, int linkType, int originalLength, Bytes data) {
    public CaptureRecord {
        if (data == null) {
            throw new IllegalArgumentException("a capture record needs its bytes");
        }
        if (originalLength < 0 || interfaceIndex < 0) {
            throw new IllegalArgumentException("negative original length or interface index");
        }
    }

    /** A record for a frame captured whole on interface 0. */
    public static CaptureRecord of(long timestampNanos, int linkType, byte[] frame) {
        return new CaptureRecord(timestampNanos, 0, linkType, frame.length, Bytes.copyOf(frame));
    }

    public int capturedLength() {
        return data.length();
    }
}
