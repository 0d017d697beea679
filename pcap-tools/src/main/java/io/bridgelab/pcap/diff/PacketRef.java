package io.bridgelab.pcap.diff;

/** A packet named in a report: its number in its file, its time since the file's first packet, a summary. */
public record PacketRef(long number, long relativeNanos, String summary) {
    static PacketRef of(CapturedPacket p) {
        return new PacketRef(p.number(), p.timestampNanos(), p.describe().substring(p.describe().indexOf(' ') + 1));
    }

    @Override
    public String toString() {
        return "#" + number + " " + summary;
    }
}
