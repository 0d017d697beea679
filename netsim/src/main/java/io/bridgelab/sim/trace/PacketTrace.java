package io.bridgelab.sim.trace;

import java.util.List;

/**
 * The way of one packet of the exchange, from the program that sent it to where it ended, including
 * the ARP frames it caused.
 *
 * @param number  1-based position in the exchange
 * @param summary the packet as its sender made it ({@code 192.168.1.20:40000 > 192.168.1.10:8088 TCP [SYN]})
 */
public record PacketTrace(int number, String origin, String summary, List<TraceStep> steps) {
    public PacketTrace {
        steps = List.copyOf(steps);
    }

    /** How this packet ended: its last Delivered or Dropped step, or null while still in flight. */
    public TraceStep outcome() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            TraceStep s = steps.get(i);
            if (s instanceof TraceStep.Delivered || s instanceof TraceStep.Dropped) {
                return s;
            }
        }
        return null;
    }

    /** How a packet ended, as a replay's summary counts it and the explanation tells it. */
    public enum Ending { DELIVERED, DROPPED, REFUSED, LOST }

    /**
     * Dropped, refused (a Delivered that was not accepted: RST or port unreachable), lost (it ended nowhere and no
     * kernel took it in, see {@link #absorbed()}), else delivered.
     */
    public Ending ending() {
        TraceStep o = outcome();
        if (o instanceof TraceStep.Dropped) {
            return Ending.DROPPED;
        }
        if (o instanceof TraceStep.Delivered d && !d.accepted()) {
            return Ending.REFUSED;
        }
        return o == null && !absorbed() ? Ending.LOST : Ending.DELIVERED;
    }

    /**
     * Whether the receiver's kernel took this packet in without a way of its own after it: an ARP reply that resolved
     * a neighbour entry (a replayed capture's ARP reply has nowhere else to go), or a fragment held until another
     * packet's fragment made its datagram whole, which goes on as that packet. (A request answered goes on as the
     * reply, in this trace.)
     */
    public boolean absorbed() {
        if (steps.isEmpty()) {
            return false;
        }
        TraceStep last = steps.get(steps.size() - 1);
        return last instanceof TraceStep.ArpResolved r && !r.cached()
                || last instanceof TraceStep.Transformed t && FieldChange.isFragment(t, FieldChange.REASSEMBLED);
    }

    /** A fragment waiting for the rest of its datagram when the run ended: its last step, or null. */
    public TraceStep.Transformed held() {
        return outcome() == null && !steps.isEmpty() && steps.get(steps.size() - 1) instanceof TraceStep.Transformed t
                && FieldChange.isFragment(t, FieldChange.HELD) ? t : null;
    }

    /** The step that ended a packet no host took: every host it reached ignored it (its last step), or null. */
    public TraceStep.Ignored ignored() {
        return outcome() == null && !steps.isEmpty() && steps.get(steps.size() - 1) instanceof TraceStep.Ignored i
                ? i : null;
    }
}
