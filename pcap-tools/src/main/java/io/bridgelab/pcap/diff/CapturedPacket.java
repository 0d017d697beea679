package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.DecodedFrame;

/**
 * One packet of a capture as the comparison sees it: its 1-based number in the file (as tshark counts),
 * its timestamp, and either the decoded frame or, when it did not decode, its raw bytes.
 */
public record CapturedPacket(long number, long timestampNanos, DecodedFrame frame, Bytes raw) {
    public CapturedPacket {
        if ((frame == null) == (raw == null)) {
            throw new IllegalArgumentException("a captured packet has either a decoded frame or raw bytes");
        }
    }

    /** A decoded packet (for comparisons of simulated packets that never were in a file). */
    public static CapturedPacket of(long number, long timestampNanos, DecodedFrame frame) {
        return new CapturedPacket(number, timestampNanos, frame, null);
    }

    /** The model packet, or null when the frame did not decode. */
    public Packet packet() {
        return frame == null ? null : frame.packet();
    }

    /** A one-line description such as {@code #3 TCP 10.0.0.1:1234 > 10.0.0.2:80 [S] len=0}. */
    public String describe() {
        return "#" + number + " " + (frame == null ? "undecoded " + raw.length() + " bytes"
                : PacketSummary.of(frame.packet()));
    }
}
