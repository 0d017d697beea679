package io.bridgelab.sim.world;

/**
 * Membership of an interface in a bridge of the same node ({@code ip link set vethX master docker0}),
 * with the port's {@code hairpin_mode}: off by default, so the bridge never sends a frame back out of
 * the port it came in on.
 */
public record BridgePort(String bridge, boolean hairpin) {
    public BridgePort {
        if (bridge == null || bridge.isEmpty()) {
            throw new IllegalArgumentException("a bridge port needs the bridge's name");
        }
    }
}
