package io.bridgelab.netfilter.rule;

/** {@code -j REJECT [--reject-with TYPE]}: drops and answers with an ICMP error or a TCP reset. */
public record Reject(RejectWith with) implements Target {
    public Reject {
        if (with == null) {
            with = RejectWith.ICMP_PORT_UNREACHABLE;
        }
    }

    @Override
    public String name() {
        return "REJECT";
    }
}
