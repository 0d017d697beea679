package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Direction;
import io.bridgelab.netfilter.conntrack.NatBinding;
import io.bridgelab.netfilter.conntrack.NatManip;
import io.bridgelab.netfilter.conntrack.PacketState;
import io.bridgelab.netfilter.conntrack.Tuple;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.TableName;

/**
 * One step of a packet through the hooks. {@link RuleHit} is what the kernel's TRACE target logs
 * ({@code table:chain:rule|return|policy:N}); the others explain what TRACE leaves out: why a rule did
 * not match, what conntrack made of the packet and what NAT changed.
 */
public sealed interface TraceEvent {

    /** The TRACE comment: a matching rule, the end (or an unconditional RETURN) of a user chain, a policy. */
    enum Kind {
        RULE, RETURN, POLICY;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code nat:PREROUTING:rule:1}: rule (or chain tail) number N, 1-based, of a chain. */
    record RuleHit(TableName table, String chain, Kind kind, int number) implements TraceEvent {
        @Override
        public String toString() {
            return table.text() + ":" + chain + ":" + kind.text() + ":" + number;
        }
    }

    /** A rule that did not match, and the first option that failed, e.g. {@code -i docker0 ... in=eth0}. */
    record NoMatch(TableName table, String chain, int number, String reason) implements TraceEvent {
        @Override
        public String toString() {
            return table.text() + ":" + chain + ":" + number + " no match: " + reason;
        }
    }

    /**
     * What conntrack made of the packet at a hook: its state, direction and the connection's tuples at
     * that moment (null when it has no connection). Text is made only when asked for (fast path).
     */
    record ConntrackSeen(Hook hook, PacketState state, Direction direction, Tuple original, Tuple reply)
            implements TraceEvent {
        @Override
        public String toString() {
            return "conntrack " + hook + ": " + state + (original == null ? ""
                    : " " + direction + " [" + original + " | " + reply + "]");
        }
    }

    /** A rewrite by NAT, e.g. {@code dst 192.168.1.10:8088 -> 172.17.0.2:80}. */
    record NatApplied(Hook hook, NatManip manip, Packet before, Packet after) implements TraceEvent {
        /** The change as text, {@code "dst 192.168.1.10:8088 -> 172.17.0.2:80"} (made when asked for). */
        public String change() {
            if (manip == NatManip.SOURCE) {
                return "src " + before.ip().source() + port(before.sourcePort()) + " -> " + after.ip().source()
                        + port(after.sourcePort());
            }
            return "dst " + before.ip().destination() + port(before.destinationPort()) + " -> "
                    + after.ip().destination() + port(after.destinationPort());
        }

        @Override
        public String toString() {
            return "nat " + hook + ": " + change();
        }

        private static String port(int port) {
            return port < 0 ? "" : ":" + port;
        }
    }

    /** NAT dropped the packet for a reason of its own, not a rule's (the kernel's words in {@code reason}). */
    record NatDropped(Hook hook, String reason) implements TraceEvent {
        @Override
        public String toString() {
            return "nat drop " + hook + ": " + reason;
        }
    }

    /** The NAT binding chosen for a new connection (possibly the null binding). */
    record NatBound(Hook hook, NatBinding binding) implements TraceEvent {
        @Override
        public String toString() {
            return "nat binding " + hook + ": " + binding.reason() + " " + binding.before() + " => " + binding.after();
        }
    }
}
