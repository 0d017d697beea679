package io.bridgelab.netfilter.rule;

import io.bridgelab.netfilter.packet.Cidr;
import java.util.Set;

/**
 * {@code -m conntrack}: the connection's state, protocol, original and reply tuples, status and the
 * packet's direction. Every option is optional (null).
 */
public record ConntrackMatch(
        Negatable<Set<CtState>> state,
        Negatable<Integer> protocol,
        Negatable<Cidr> originalSource,
        Negatable<Cidr> originalDestination,
        Negatable<Cidr> replySource,
        Negatable<Cidr> replyDestination,
        Negatable<PortRange> originalSourcePort,
        Negatable<PortRange> originalDestinationPort,
        Negatable<PortRange> replySourcePort,
        Negatable<PortRange> replyDestinationPort,
        Negatable<Set<CtStatus>> status,
        Direction direction) implements Match {

    /** {@code --ctdir}. */
    public enum Direction { ORIGINAL, REPLY }

    public ConntrackMatch {
        if (state != null) {
            state = new Negatable<>(Set.copyOf(state.value()), state.negated());
        }
        if (status != null) {
            status = new Negatable<>(Set.copyOf(status.value()), status.negated());
        }
    }

    public static ConntrackMatch state(Set<CtState> states) {
        return new ConntrackMatch(Negatable.of(states), null, null, null, null, null, null, null, null, null,
                null, null);
    }

    @Override
    public String module() {
        return "conntrack";
    }
}
