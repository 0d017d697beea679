package io.bridgelab.sim.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each packet of a trace goes on a {@link TopologyLayout}: its hops in order, each a point of the
 * drawing tied to the step that put it there. Only the packet itself is followed: the ARP frames it
 * caused (and flooded copies) are in the step list but not on the path, so the path reads as the
 * packet's way. Consecutive steps at the same place make one hop.
 */
public final class PathPlan {
    /** Pixels between the parallel lines of different packets over the same links. */
    static final double SPREAD = 5;

    /**
     * One hop: a point of the drawing and the index (in the packet's steps) of the step that made it.
     *
     * @param number 1-based along the packet's path, as drawn in the hop's circle
     */
    public record Hop(int number, double x, double y, int step, String node, String place) {
    }

    /**
     * A packet's path.
     *
     * @param reply   sent by another node or socket than the exchange's first packet (drawn in the reply colour)
     * @param dropped the packet died at its last hop (drawn with a cross)
     */
    public record PacketPath(int packet, boolean reply, boolean dropped, List<Hop> hops) {
        public PacketPath {
            hops = List.copyOf(hops);
        }
    }

    private PathPlan() {
    }

    /** The paths of every packet of the trace, in order. */
    public static List<PacketPath> of(Trace trace, TopologyLayout.Layout layout) {
        List<PacketPath> paths = new ArrayList<>();
        String first = trace.packets().isEmpty() ? null : trace.packets().get(0).origin();
        int count = trace.packets().size();
        for (int k = 0; k < count; k++) {
            PacketTrace p = trace.packets().get(k);
            double offset = (k - (count - 1) / 2.0) * SPREAD;
            // A reply comes from another node, or (hairpin: a container talking to itself) from the other socket.
            boolean reply = !p.origin().equals(first) || !source(p).equals(source(trace.packets().get(0)));
            paths.add(path(p, layout, reply, offset));
        }
        return paths;
    }

    /** The sender as the summary starts: {@code 172.17.0.4:43210} of {@code 172.17.0.4:43210 > ...}. */
    private static String source(PacketTrace p) {
        int gt = p.summary().indexOf(" > ");
        return gt < 0 ? p.summary() : p.summary().substring(0, gt);
    }

    private static PacketPath path(PacketTrace p, TopologyLayout.Layout layout, boolean reply, double offset) {
        List<Hop> hops = new ArrayList<>();
        boolean arp = false;
        String lastPlace = null;
        for (int i = 0; i < p.steps().size(); i++) {
            TraceStep s = p.steps().get(i);
            String place = null;
            double[] xy = null;
            if (s instanceof TraceStep.Generated) {
                arp = false;
                place = s.node();
                xy = anchor(layout, s.node());
            } else if (s instanceof TraceStep.Received r) {
                arp = r.frame().contains("ARP ");
                place = arp ? null : r.node() + ":" + r.iface();
                xy = arp ? null : iface(layout, r.node(), r.iface());
            } else if (s instanceof TraceStep.Transmitted t) {
                arp = t.frame().contains("ARP ");
                place = arp ? null : t.node() + ":" + t.iface();
                xy = arp ? null : iface(layout, t.node(), t.iface());
            } else if (s instanceof TraceStep.FdbHit f && !arp) {
                place = f.node() + ":" + f.bridge();
                xy = iface(layout, f.node(), f.bridge());
            } else if ((s instanceof TraceStep.Routed || s instanceof TraceStep.Delivered
                    || s instanceof TraceStep.Dropped) && !arp) {
                // Routing and delivery happen in the namespace's stack; a drop where the packet was last seen.
                if (s instanceof TraceStep.Dropped && lastPlace != null && lastPlace.startsWith(s.node() + ":")) {
                    continue;
                }
                // A packet that left the simulation ends on the interface it left by, not back in the stack.
                if (s instanceof TraceStep.Delivered d && d.to().startsWith(TraceStep.Delivered.OUTSIDE)) {
                    continue;
                }
                place = s.node();
                xy = anchor(layout, s.node());
            }
            if (xy == null || place.equals(lastPlace)) {
                continue;
            }
            lastPlace = place;
            hops.add(new Hop(hops.size() + 1, xy[0] + offset, xy[1] + offset, i, s.node(), place));
        }
        boolean dropped = p.outcome() instanceof TraceStep.Dropped;
        return new PacketPath(p.number(), reply, dropped, hops);
    }

    private static double[] anchor(TopologyLayout.Layout layout, String node) {
        TopologyLayout.NodeBox n = layout.node(node);
        return new double[]{n.anchorX(), n.anchorY()};
    }

    /** The interface's centre, or the node's anchor when the interface is not drawn (lo). */
    private static double[] iface(TopologyLayout.Layout layout, String node, String iface) {
        TopologyLayout.IfaceBox b = layout.iface(node, iface);
        return b == null ? anchor(layout, node) : new double[]{b.hopX(), b.hopY()};
    }
}
