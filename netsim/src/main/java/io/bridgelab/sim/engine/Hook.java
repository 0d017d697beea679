package io.bridgelab.sim.engine;

/** The IPv4 netfilter hooks, in the order a forwarded packet meets them. */
public enum Hook {
    PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING;

    private final io.bridgelab.netfilter.eval.Hook model = io.bridgelab.netfilter.eval.Hook.valueOf(name());

    /** iptables-model's name for the same hook. */
    public io.bridgelab.netfilter.eval.Hook model() {
        return model;
    }
}
