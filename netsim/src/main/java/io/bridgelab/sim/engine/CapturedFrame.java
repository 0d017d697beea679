package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;

/** One frame seen on one interface, at simulated time {@code timeNanos}. */
public record CapturedFrame(long timeNanos, String node, String iface, Direction direction, Packet frame) {
}
