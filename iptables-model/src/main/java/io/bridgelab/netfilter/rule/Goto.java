package io.bridgelab.netfilter.rule;

/** {@code -g CHAIN}: continues in a user chain and does not come back here; RETURN goes to our caller. */
public record Goto(String chain) implements Target {
    public Goto {
        ChainNames.check(chain);
    }

    @Override
    public String name() {
        return chain;
    }
}
