package io.bridgelab.pcap.diff;

import java.util.List;

/** A pair of packets taken to be the same packet, and the fields in which they differ. */
public record ChangedPacket(PacketRef expected, PacketRef actual, List<FieldChange> changes) {
    public ChangedPacket {
        changes = List.copyOf(changes);
    }
}
