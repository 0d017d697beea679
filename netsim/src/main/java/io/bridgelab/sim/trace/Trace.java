package io.bridgelab.sim.trace;

import java.util.List;

/** A whole traced exchange: which scenario and flow, every packet's way, and how it ended. */
public record Trace(String scenario, String flow, List<PacketTrace> packets, Disposition disposition) {
    public Trace {
        packets = List.copyOf(packets);
    }

    /** Delivered when every packet reached its socket; otherwise the first packet that did not. */
    public static Disposition dispositionOf(List<PacketTrace> packets, int wanted) {
        for (PacketTrace p : packets) {
            TraceStep outcome = p.outcome();
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
        return new Disposition(Disposition.Kind.DELIVERED, packets.size() + " packets" + whole + ", all delivered"
                + (last == null ? "" : "; the last to " + last.node() + " (" + ((TraceStep.Delivered) last).to()
                + ")"));
    }
}
