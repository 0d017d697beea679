package io.bridgelab.netfilter.rule;

/** {@code -m icmp --icmp-type}. */
public record IcmpMatch(Negatable<IcmpTypeSpec> icmpType) implements Match {
    @Override
    public String module() {
        return "icmp";
    }
}
