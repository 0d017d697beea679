package io.bridgelab.netfilter.rule;

/** {@code -j SNAT --to-source RANGE [--random] [--random-fully] [--persistent]} (nat POSTROUTING and INPUT). */
public record Snat(NatRange to, boolean random, boolean randomFully, boolean persistent) implements Target {
    public Snat {
        if (to == null) {
            throw new IllegalArgumentException("SNAT needs --to-source");
        }
    }

    @Override
    public String name() {
        return "SNAT";
    }
}
