package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capture on every interface: what {@code tcpdump -i IFACE} in that namespace would see, both
 * directions, in order. A bridge device sees only what goes up to or comes down from its own stack,
 * not frames bridged between ports, exactly as tcpdump on docker0 does.
 */
public final class CaptureTaps {
    private final Map<String, List<CapturedFrame>> byInterface = new LinkedHashMap<>();

    void record(long now, String node, String iface, Direction direction, Packet frame) {
        byInterface.computeIfAbsent(node + ":" + iface, k -> new ArrayList<>())
                .add(new CapturedFrame(now, node, iface, direction, frame));
    }

    /** The frames seen on {@code node:iface}, oldest first; empty when nothing passed. */
    public List<CapturedFrame> on(String node, String iface) {
        return List.copyOf(byInterface.getOrDefault(node + ":" + iface, List.of()));
    }

    /** Every interface that saw a frame, as {@code node:iface}. */
    public List<String> interfaces() {
        return List.copyOf(byInterface.keySet());
    }
}
