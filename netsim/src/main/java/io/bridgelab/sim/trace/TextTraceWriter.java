package io.bridgelab.sim.trace;

/**
 * Writes a {@link Trace} for a person: one block per packet, one line per step, each line starting
 * with where it happens (namespace, interface). ANSI colour only when asked (a terminal).
 */
public final class TextTraceWriter {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";

    private final boolean colour;
    private final StringBuilder out = new StringBuilder(16384);
    private int nodeWidth = 6;
    private int ifaceWidth = 5;

    private TextTraceWriter(boolean colour) {
        this.colour = colour;
    }

    public static String write(Trace trace, boolean colour) {
        return new TextTraceWriter(colour).render(trace);
    }

    private String render(Trace trace) {
        for (PacketTrace p : trace.packets()) {
            for (TraceStep s : p.steps()) {
                nodeWidth = Math.max(nodeWidth, s.node().length());
                String iface = iface(s);
                ifaceWidth = Math.max(ifaceWidth, iface == null ? 0 : iface.length());
            }
        }
        out.append(paint(BOLD, "netsim trace")).append(": scenario ").append(trace.scenario())
                .append(", flow ").append(trace.flow()).append('\n');
        for (PacketTrace p : trace.packets()) {
            out.append('\n').append(paint(BOLD + CYAN, "#" + p.number() + " " + p.origin() + ": " + p.summary()))
                    .append('\n');
            for (TraceStep s : p.steps()) {
                line(s);
            }
        }
        Disposition d = trace.disposition();
        String colourOf = switch (d.kind()) {
            case DELIVERED -> GREEN;
            case REFUSED, INCOMPLETE -> YELLOW;
            case DROPPED -> RED;
        };
        out.append('\n').append(paint(BOLD + colourOf, "=> " + d.text().toUpperCase(java.util.Locale.ROOT)))
                .append(": ").append(d.detail()).append('\n');
        return out.toString();
    }

    private void line(TraceStep s) {
        String iface = iface(s);
        out.append("  ").append(pad(s.node(), nodeWidth)).append(' ').append(pad(iface == null ? "" : iface, ifaceWidth))
                .append("  ").append(describe(s)).append('\n');
    }

    private static String iface(TraceStep s) {
        if (s instanceof TraceStep.Received r) {
            return r.iface();
        } else if (s instanceof TraceStep.Transmitted t) {
            return t.iface();
        } else if (s instanceof TraceStep.VethCrossed v) {
            return v.iface();
        } else if (s instanceof TraceStep.FdbLearned f) {
            return f.bridge();
        } else if (s instanceof TraceStep.FdbHit f) {
            return f.bridge();
        } else if (s instanceof TraceStep.FdbFlooded f) {
            return f.bridge();
        } else if (s instanceof TraceStep.ArpRequested a) {
            return a.iface();
        } else if (s instanceof TraceStep.ArpAnswered a) {
            return a.iface();
        } else if (s instanceof TraceStep.ArpResolved a) {
            return a.iface();
        } else if (s instanceof TraceStep.Ignored i) {
            return i.iface();
        } else if (s instanceof TraceStep.Routed r) {
            return r.outIface();
        }
        return null;
    }

    private String describe(TraceStep s) {
        if (s instanceof TraceStep.Generated g) {
            return "sent by " + g.by();
        } else if (s instanceof TraceStep.Received r) {
            return "in   " + r.frame();
        } else if (s instanceof TraceStep.Transmitted t) {
            return "out  " + t.frame();
        } else if (s instanceof TraceStep.VethCrossed v) {
            return paint(DIM, "--" + v.link() + "--> " + v.peerNode() + " " + v.peerIface());
        } else if (s instanceof TraceStep.FdbLearned f) {
            return "FDB learn " + f.mac() + " on port " + f.port() + (f.isNew() ? "" : " (refreshed)");
        } else if (s instanceof TraceStep.FdbHit f) {
            return f.local() ? "FDB hit " + f.mac() + " is local: up to the host's stack"
                    : "FDB hit " + f.mac() + " -> port " + f.port();
        } else if (s instanceof TraceStep.FdbFlooded f) {
            return "FDB flood (" + f.reason() + " " + f.mac() + ") -> " + (f.ports().isEmpty() ? "no other port"
                    : String.join(", ", f.ports()));
        } else if (s instanceof TraceStep.ConntrackLookup c) {
            return "conntrack: " + (c.found() ? "existing " : "new ") + c.tuple() + ", state " + c.state()
                    + (c.direction() == null ? "" : " (" + c.direction() + ")");
        } else if (s instanceof TraceStep.RuleEvaluated r) {
            String where = r.table() + " " + r.chain() + ":" + r.ruleNumber() + " " + r.rule();
            return r.matched() ? paint(GREEN, where + "  => match")
                    : paint(DIM, where + "  => no match: " + r.reason());
        } else if (s instanceof TraceStep.PolicyApplied p) {
            return p.policy().equals("RETURN") ? paint(DIM, p.table() + " " + p.chain()
                    + ": end of chain, back to the calling chain") : p.table() + " " + p.chain() + ": policy " + p.policy();
        } else if (s instanceof TraceStep.HookPassedThrough h) {
            return paint(DIM, h.hook() + ": " + h.reason());
        } else if (s instanceof TraceStep.Transformed t) {
            return paint(YELLOW, String.join(", ", t.changes().stream().map(FieldChange::toString).toList())
                    + " (" + t.cause() + ")");
        } else if (s instanceof TraceStep.Routed r) {
            return "route " + r.decision() + ": " + r.route() + (r.nextHop() == null ? "" : ", next hop " + r.nextHop());
        } else if (s instanceof TraceStep.ArpRequested a) {
            return "ARP: no entry for " + a.address() + ", request sent, packet queued";
        } else if (s instanceof TraceStep.ArpAnswered a) {
            return "ARP: answers " + a.address() + " is-at " + a.mac();
        } else if (s instanceof TraceStep.ArpResolved a) {
            return "ARP: " + a.address() + " is-at " + a.mac() + (a.cached() ? " (cached)" : " (reply: queued packets go)");
        } else if (s instanceof TraceStep.Delivered d) {
            return d.accepted() ? paint(BOLD + GREEN, "DELIVERED to " + d.to())
                    : paint(BOLD + YELLOW, "REFUSED: " + d.to());
        } else if (s instanceof TraceStep.Ignored i) {
            return paint(DIM, "ignored: " + i.reason());
        } else if (s instanceof TraceStep.Dropped d) {
            return paint(BOLD + RED, "DROPPED: " + d.cause());
        }
        throw new IllegalStateException("unknown step " + s);
    }

    private String paint(String code, String text) {
        return colour ? code + text + RESET : text;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
