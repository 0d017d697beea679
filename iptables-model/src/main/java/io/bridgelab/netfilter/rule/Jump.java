package io.bridgelab.netfilter.rule;

/** {@code -j CHAIN}: evaluates a user chain, coming back here when it falls off its end or RETURNs. */
public record Jump(String chain) implements Target {
    public Jump {
        ChainNames.check(chain);
    }

    @Override
    public String name() {
        return chain;
    }
}
