package io.bridgelab.netfilter.conntrack;

/**
 * The binding a connection got at its first packet for one manip type: the tuple the packet had
 * ({@code before}) and the tuple it has after the mapping ({@code after}). A null binding (no nat rule
 * decided, or the rule kept the tuple) has {@code before.equals(after)}.
 */
public record NatBinding(NatManip manip, Tuple before, Tuple after, String reason) {
    public boolean isNull() {
        return before.equals(after);
    }
}
