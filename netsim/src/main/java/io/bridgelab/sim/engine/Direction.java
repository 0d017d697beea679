package io.bridgelab.sim.engine;

/** Which way a captured frame went on its interface, as {@code tcpdump -i IFACE} marks it. */
public enum Direction {
    IN, OUT
}
