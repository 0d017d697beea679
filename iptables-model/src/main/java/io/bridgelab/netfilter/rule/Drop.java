package io.bridgelab.netfilter.rule;

/** {@code -j DROP}: Drops the packet; nothing later sees it and no conntrack entry is confirmed. */
public record Drop() implements Target {
    public static final Drop INSTANCE = new Drop();

    @Override
    public String name() {
        return "DROP";
    }
}
