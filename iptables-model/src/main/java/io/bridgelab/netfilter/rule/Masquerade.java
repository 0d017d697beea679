package io.bridgelab.netfilter.rule;

/**
 * {@code -j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]}: SNAT to the outgoing interface's
 * address, chosen per connection (nat POSTROUTING only).
 */
public record Masquerade(PortRange toPorts, boolean random, boolean randomFully) implements Target {
    public static final Masquerade PLAIN = new Masquerade(null, false, false);

    @Override
    public String name() {
        return "MASQUERADE";
    }
}
