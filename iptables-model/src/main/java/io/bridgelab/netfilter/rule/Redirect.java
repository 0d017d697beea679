package io.bridgelab.netfilter.rule;

/** {@code -j REDIRECT [--to-ports P[-Q]] [--random]}: DNAT to the receiving interface's primary address. */
public record Redirect(PortRange toPorts, boolean random) implements Target {
    @Override
    public String name() {
        return "REDIRECT";
    }
}
