package io.bridgelab.sim.trace;

/**
 * One thing that happened to a packet at one stage, in the order the kernel would do it. Stages
 * return these; renderers only read them and never recompute.
 */
public sealed interface TraceStep permits TraceStep.Generated, TraceStep.Received, TraceStep.Transmitted,
        TraceStep.VethCrossed, TraceStep.FdbLearned, TraceStep.FdbHit, TraceStep.FdbFlooded,
        TraceStep.ConntrackLookup, TraceStep.RuleEvaluated, TraceStep.PolicyApplied, TraceStep.HookPassedThrough,
        TraceStep.Transformed, TraceStep.Routed, TraceStep.ArpRequested, TraceStep.ArpAnswered,
        TraceStep.ArpResolved, TraceStep.Delivered, TraceStep.Ignored, TraceStep.Dropped {

    /** The namespace the step happened in. */
    String node();

    /** The step's kind as the JSON schema names it. */
    String kind();

    /** A program in the node made the packet: a client, a server, or the kernel answering itself. */
    record Generated(String node, String by, String packet) implements TraceStep {
        /** How {@code by} begins for a TCP segment sent again: the bytes of an earlier one that was lost. */
        public static final String RETRANSMISSION = "kernel (retransmission";


        public String kind() {
            return "generated";
        }
    }

    /** A frame came in on an interface (what {@code tcpdump -i IFACE} shows as In). */
    record Received(String node, String iface, String frame) implements TraceStep {
        public String kind() {
            return "received";
        }
    }

    /** A frame went out of an interface (what {@code tcpdump -i IFACE} shows as Out). */
    record Transmitted(String node, String iface, String frame) implements TraceStep {
        public String kind() {
            return "transmitted";
        }
    }

    /** The frame crossed a veth pair or a wire to the far end. */
    record VethCrossed(String node, String iface, String peerNode, String peerIface, String link)
            implements TraceStep {
        public String kind() {
            return "link";
        }
    }

    /** The bridge learned (or refreshed) that {@code mac} is behind {@code port}. */
    record FdbLearned(String node, String bridge, String mac, String port, boolean isNew) implements TraceStep {
        public String kind() {
            return "fdb-learn";
        }
    }

    /** The bridge found the destination MAC in its FDB: behind {@code port}, or its own ({@code local}). */
    record FdbHit(String node, String bridge, String mac, String port, boolean local) implements TraceStep {
        public String kind() {
            return "fdb-hit";
        }
    }

    /** The bridge sent copies out of every other port (broadcast or unknown unicast). */
    record FdbFlooded(String node, String bridge, String mac, String reason, java.util.List<String> ports)
            implements TraceStep {
        public FdbFlooded {
            ports = java.util.List.copyOf(ports);
        }

        public String kind() {
            return "fdb-flood";
        }
    }

    /** Conntrack looked the packet up: a new connection or an existing one, with its state. */
    record ConntrackLookup(String node, String tuple, boolean found, String state, String direction)
            implements TraceStep {
        public String kind() {
            return "conntrack";
        }
    }

    /**
     * One rule evaluated: matched or not, and why not ({@code -i docker0 did not match: in=eth0}).
     *
     * @param ruleNumber 1-based, as {@code iptables -L --line-numbers} counts
     */
    record RuleEvaluated(String node, String table, String chain, int ruleNumber, String rule, boolean matched,
                         String reason) implements TraceStep {
        public String kind() {
            return "rule";
        }
    }

    /**
     * No rule of a chain decided: a built-in chain's policy ({@code ACCEPT}, {@code DROP}) applies, or a
     * user chain ends and evaluation returns to its caller ({@code RETURN}).
     */
    record PolicyApplied(String node, String table, String chain, String policy) implements TraceStep {
        public String kind() {
            return "policy";
        }
    }

    /** A hook was passed without evaluation (no evaluator wired yet, or no ruleset). */
    record HookPassedThrough(String node, String hook, String reason) implements TraceStep {
        public String kind() {
            return "hook-pass";
        }
    }

    /** Fields rewritten, each {@code field: old -> new}, and by what ({@code DNAT, rule DOCKER:2}). */
    record Transformed(String node, java.util.List<FieldChange> changes, String cause) implements TraceStep {
        public Transformed {
            changes = java.util.List.copyOf(changes);
        }

        public String kind() {
            return "transformed";
        }
    }

    /** The routing decision: local delivery, forwarding or output, the route used and the next hop. */
    record Routed(String node, String decision, String route, String outIface, String nextHop)
            implements TraceStep {
        public String kind() {
            return "routed";
        }
    }

    /** No neighbour entry: an ARP request goes out and the packet waits for the reply. */
    record ArpRequested(String node, String iface, String address) implements TraceStep {
        public String kind() {
            return "arp-request";
        }
    }

    /** The node answered an ARP request for one of its addresses. */
    record ArpAnswered(String node, String iface, String address, String mac) implements TraceStep {
        public String kind() {
            return "arp-reply";
        }
    }

    /** The next hop's MAC is known (from the cache, or just learned from a reply). */
    record ArpResolved(String node, String iface, String address, String mac, boolean cached)
            implements TraceStep {
        public String kind() {
            return "arp-resolved";
        }
    }

    /**
     * The packet reached a socket, or the kernel itself (ICMP echo, or no socket: then it answers with
     * RST or port unreachable and {@code accepted} is false).
     */
    record Delivered(String node, String to, boolean accepted) implements TraceStep {
        /** How {@link #to} begins for a frame that left by a NIC cabled to a world that is not simulated. */
        public static final String OUTSIDE = "the world outside the simulation";
        /** How {@link #to} begins for a frame that reached an edge a replayed capture stands for (it only listens). */
        public static final String EDGE = "the replayed edge";

        public String kind() {
            return "delivered";
        }
    }

    /** A copy of a flooded frame reached a host it was not for (another MAC, or ARP for another address). */
    record Ignored(String node, String iface, String reason) implements TraceStep {
        public String kind() {
            return "ignored";
        }
    }

    /** The packet died here, and why. */
    record Dropped(String node, String cause) implements TraceStep {
        /** How a drop's cause starts when a DROP rule or policy dropped the packet. */
        public static final String DROP_BY = "DROP by ";
        /** How a drop's cause starts when a REJECT rule dropped the packet (the kernel answers its sender). */
        public static final String REJECT = "REJECT (";
        /** What a REJECT's cause adds when the kernel sends no answer after all, before the reason. */
        public static final String NO_ANSWER = "; no answer: ";

        public String kind() {
            return "dropped";
        }

        /** A REJECT rule dropped the packet and the kernel answered its sender (an RST or an ICMP error). */
        public boolean answered() {
            return cause.startsWith(REJECT) && !cause.contains(NO_ANSWER);
        }
    }
}
