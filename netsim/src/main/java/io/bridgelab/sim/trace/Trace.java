package io.bridgelab.sim.trace;

import java.util.List;

/**
 * A whole traced exchange: which scenario and flow, every packet's way, and how it ended.
 *
 * @param caveats what the kernel runs on the packets' way that the simulation does not, each able to decide otherwise
 *                (chains nft wrote, the other iptables backend's rules:
 *                {@link io.bridgelab.sim.world.Node#unsimulated}), one line per table, for the namespaces the packets
 *                passed
 */
public record Trace(String scenario, String flow, List<PacketTrace> packets, Disposition disposition,
                    List<String> caveats) {
    public Trace {
        packets = List.copyOf(packets);
        caveats = List.copyOf(caveats);
    }

    /** A trace without caveats. */
    public Trace(String scenario, String flow, List<PacketTrace> packets, Disposition disposition) {
        this(scenario, flow, packets, disposition, List.of());
    }

    /**
     * The caveats of {@code world} for the namespaces {@code packets} passed, in the order they first did:
     * "h: nftables table inet fw: in (input hook, priority 0, policy drop, 2 rules)".
     */
    public static List<String> caveatsOf(io.bridgelab.sim.world.World world, List<PacketTrace> packets) {
        java.util.Set<String> passed = new java.util.LinkedHashSet<>();
        for (PacketTrace p : packets) {
            for (TraceStep s : p.steps()) {
                passed.add(s.node());
            }
        }
        List<String> caveats = new java.util.ArrayList<>();
        for (String node : passed) {
            for (String table : io.bridgelab.sim.world.UnsimulatedChain.byTable(world.node(node).unsimulated())) {
                caveats.add(node + ": " + table);
            }
        }
        return caveats;
    }

    /**
     * Delivered when every packet reached its socket; otherwise the first packet that did not. A TCP segment dropped on
     * the way whose bytes were sent again (a retransmission after path MTU discovery) does not end the exchange: when
     * its last packet was delivered, the exchange was.
     */
    public static Disposition dispositionOf(List<PacketTrace> packets, int wanted) {
        boolean resent = packets.stream().anyMatch(p -> p.steps().stream().anyMatch(s -> s instanceof TraceStep.Generated g
                && g.by().startsWith(TraceStep.Generated.RETRANSMISSION)));
        TraceStep end = packets.isEmpty() ? null : packets.get(packets.size() - 1).outcome();
        boolean recovered = resent && end instanceof TraceStep.Delivered last && last.accepted();
        int lost = 0;
        for (PacketTrace p : packets) {
            TraceStep outcome = p.outcome();
            if (recovered && outcome instanceof TraceStep.Dropped d && !d.answered() && p.summary().contains(" TCP ")) {
                lost++;
                continue;
            }
            if (outcome instanceof TraceStep.Dropped d && d.answered()) {
                return new Disposition(Disposition.Kind.REFUSED, "packet " + p.number() + " rejected in "
                        + d.node() + ": " + d.cause() + "; the kernel answers the sender");
            }
            if (outcome instanceof TraceStep.Dropped d) {
                return new Disposition(Disposition.Kind.DROPPED, "packet " + p.number() + " dropped in "
                        + d.node() + ": " + d.cause());
            }
            if (outcome instanceof TraceStep.Delivered d && !d.accepted()) {
                return new Disposition(Disposition.Kind.REFUSED, "packet " + p.number() + " refused by "
                        + d.node() + ": " + d.to());
            }
            if (outcome == null) {
                return new Disposition(Disposition.Kind.INCOMPLETE, "packet " + p.number() + " never arrived");
            }
        }
        if (packets.isEmpty()) {
            return new Disposition(Disposition.Kind.INCOMPLETE, "no packet was sent");
        }
        TraceStep last = packets.get(packets.size() - 1).outcome();
        if (last instanceof TraceStep.Delivered d && d.to().startsWith(TraceStep.Delivered.OUTSIDE)) {
            return new Disposition(Disposition.Kind.DELIVERED, packets.size() + " packets, all delivered; the last"
                    + " left " + d.node() + " for " + d.to() + ", and any answer from there is not simulated");
        }
        String whole = packets.size() < wanted ? " (the whole exchange)" : "";
        String delivered = lost == 0 ? ", all delivered" : ", " + lost + " of them dropped on the way and their bytes"
                + " sent again";
        return new Disposition(Disposition.Kind.DELIVERED, packets.size() + " packets" + whole + delivered
                + (last == null ? "" : "; the last to " + last.node() + " (" + ((TraceStep.Delivered) last).to()
                + ")"));
    }

    /**
     * How a replay of captures went: the first packet that did not get through, if any, as for an exchange (so that
     * the closing explanation, {@link DropExplainer}, is about the same packet), then a count of the traced packets by
     * how each ended, and how many were replayed untraced before and after the window traced.
     */
    public static Disposition replayDispositionOf(List<PacketTrace> packets, int before, int after) {
        int delivered = 0;
        int dropped = 0;
        int refused = 0;
        int lost = 0;
        PacketTrace first = null;
        for (PacketTrace p : packets) {
            PacketTrace.Ending ending = p.ending();
            switch (ending) {
                case DROPPED -> dropped++;
                case REFUSED -> refused++;
                case LOST -> lost++;
                case DELIVERED -> delivered++;
            }
            if (ending != PacketTrace.Ending.DELIVERED && first == null) {
                first = p;
            }
        }
        StringBuilder counts = new StringBuilder().append(packets.size())
                .append(packets.size() == 1 ? " packet" : " packets").append(" traced: ").append(delivered)
                .append(" delivered, ").append(dropped).append(" dropped, ").append(refused).append(" refused, ")
                .append(lost).append(" ignored or lost");
        if (before > 0) {
            counts.append("; ").append(before).append(" before them replayed untraced (--first-packet)");
        }
        if (after > 0) {
            counts.append("; ").append(after).append(" more replayed untraced (past --packets)");
        }
        Disposition.Counts counted = new Disposition.Counts(packets.size(), delivered, dropped, refused, lost, before,
                after);
        if (packets.isEmpty()) {
            return new Disposition(Disposition.Kind.INCOMPLETE, before > 0 ? "no packet traced: the replay made "
                    + before + (before == 1 ? " packet" : " packets") + ", fewer than --first-packet asks to skip"
                    : "no packet was replayed", counted);
        }
        if (first == null) {
            return new Disposition(Disposition.Kind.DELIVERED, counts.toString(), counted);
        }
        Disposition d = first.outcome() == null ? new Disposition(Disposition.Kind.INCOMPLETE, "packet "
                + first.number() + " " + lost(DropExplainer.unanswered(first))) : dispositionOf(List.of(first), 1);
        return new Disposition(d.kind(), d.detail() + "; " + counts, counted);
    }

    /** What became of a packet that ended nowhere, after "packet N". */
    private static String lost(DropExplanation e) {
        return switch (e.kind()) {
            case "arp-unresolved" -> "waits in " + e.node() + " for its next hop's MAC: " + e.reason();
            case "ignored" -> "ignored by " + e.node() + ": " + e.reason();
            case "reassembly" -> "waits in " + e.node() + " for the rest of its datagram (" + e.reason() + ")";
            default -> "never arrived";
        };
    }
}
