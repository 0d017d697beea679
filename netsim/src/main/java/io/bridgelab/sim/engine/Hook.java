package io.bridgelab.sim.engine;

/** The IPv4 netfilter hooks, in the order a forwarded packet meets them. */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING
}
