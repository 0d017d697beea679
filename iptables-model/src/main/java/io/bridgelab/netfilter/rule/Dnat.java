package io.bridgelab.netfilter.rule;

/** {@code -j DNAT --to-destination RANGE [--random] [--persistent]} (nat PREROUTING and OUTPUT). */
public record Dnat(NatRange to, boolean random, boolean persistent) implements Target {
    public Dnat {
        if (to == null) {
            throw new IllegalArgumentException("DNAT needs --to-destination");
        }
    }

    @Override
    public String name() {
        return "DNAT";
    }
}
