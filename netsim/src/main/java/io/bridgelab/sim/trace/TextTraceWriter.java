package io.bridgelab.sim.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Trace} for a person: one block per packet, one line per step, each line starting
 * with where it happens (namespace, interface), and a closing summary that names what stopped the
 * exchange ({@link DropExplainer}). ANSI colour only when asked (a terminal); lines longer than the
 * width are wrapped under the step's text, so the where-column stays readable.
 */
public final class TextTraceWriter {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    /** Below this many columns for the text, wrapping would make every line a stack of fragments. */
    private static final int MIN_TEXT_WIDTH = 24;

    /**
     * How to write.
     *
     * @param colour      ANSI colours (a terminal)
     * @param width       wrap lines at this many columns; 0 = never wrap (piped output)
     * @param explainDrop also list the ACCEPT rules the dropped packet passed without matching
     */
    public record Options(boolean colour, int width, boolean explainDrop) {
        public Options {
            if (width < 0) {
                throw new IllegalArgumentException("width must be 0 (no wrapping) or positive: " + width);
            }
        }

        public static final Options PLAIN = new Options(false, 0, false);
    }

    /** Text and the ANSI code to paint it with (null: plain). */
    private record Styled(String code, String text) {
    }

    private final Options options;
    private final StringBuilder out = new StringBuilder(16384);
    private int nodeWidth = 6;
    private int ifaceWidth = 5;

    private TextTraceWriter(Options options) {
        this.options = options;
    }

    public static String write(Trace trace, boolean colour) {
        return write(trace, new Options(colour, 0, false));
    }

    public static String write(Trace trace, Options options) {
        return new TextTraceWriter(options).render(trace);
    }

    private String render(Trace trace) {
        for (PacketTrace p : trace.packets()) {
            for (TraceStep s : p.steps()) {
                nodeWidth = Math.max(nodeWidth, s.node().length());
                String iface = iface(s);
                ifaceWidth = Math.max(ifaceWidth, iface == null ? 0 : iface.length());
            }
        }
        emit("", new Styled(null, paint(BOLD, "netsim trace") + ": scenario " + trace.scenario() + ", flow "
                + trace.flow()), "");
        for (PacketTrace p : trace.packets()) {
            out.append('\n');
            emit("", new Styled(BOLD + CYAN, "#" + p.number() + " " + p.origin() + ": " + p.summary()), "   ");
            for (TraceStep s : p.steps()) {
                String iface = iface(s);
                String where = "  " + pad(s.node(), nodeWidth) + ' ' + pad(iface == null ? "" : iface, ifaceWidth) + "  ";
                emit(where, describe(s), " ".repeat(where.length() + 2));
            }
        }
        summary(trace);
        caveats(trace);
        return out.toString();
    }

    /** What the kernel also runs on the way, unsimulated: after the summary, as the reader weighs it. */
    private void caveats(Trace trace) {
        if (trace.caveats().isEmpty()) {
            return;
        }
        String indent = "   ";
        out.append('\n');
        emit(paint(BOLD + YELLOW, "caution") + ": ", new Styled(null, "the kernel also runs these chains, which netsim"
                + " does not simulate; they may decide otherwise (nft list ruleset, iptables-legacy-save show them):"),
                indent);
        for (String c : trace.caveats()) {
            emit(indent + "- ", new Styled(null, c), indent + "  ");
        }
    }

    private void summary(Trace trace) {
        Disposition d = trace.disposition();
        String colourOf = switch (d.kind()) {
            case DELIVERED -> GREEN;
            case REFUSED, INCOMPLETE -> YELLOW;
            case DROPPED -> RED;
        };
        out.append('\n');
        emit(paint(BOLD + colourOf, "=> " + d.text().toUpperCase(Locale.ROOT)) + ": ", new Styled(null, d.detail()),
                "   ");
        DropExplanation e = DropExplainer.explain(trace);
        if (e == null) {
            return;
        }
        String indent = "   ";
        if (e.rule() != null) {
            emit(indent + "rule: ", new Styled(BOLD, e.where() + "  " + e.rule()), indent + "      ");
        } else if (e.where() != null) {
            emit(indent + "rule: ", new Styled(BOLD, e.where() + " (no rule matched)"), indent + "      ");
        } else {
            emit(indent + "why:  ", new Styled(BOLD, e.kind() + ": " + e.reason()), indent + "      ");
        }
        emit(indent + "hint: ", new Styled(null, e.hint()), indent + "      ");
        if (options.explainDrop() && !e.missedAccepts().isEmpty()) {
            emit(indent, new Styled(null, "ACCEPT rules it passed without a match:"), indent);
            for (DropExplanation.MissedRule m : e.missedAccepts()) {
                emit(indent + "  ", new Styled(DIM, m.where() + "  " + m.rule() + "  (" + m.reason() + ")"),
                        indent + "      ");
            }
        }
        if (trace.disposition().counts() != null) {
            failures(trace, indent);
        }
    }

    /** The most causes a capture's summary lists; the rest are counted. */
    private static final int CAUSES_SHOWN = 10;

    /** A replayed capture's packets that did not get through, by cause (the first packet's above is one of them). */
    private void failures(Trace trace, String indent) {
        List<DropExplainer.Failures> failures = DropExplainer.failures(trace);
        emit(indent, new Styled(null, "packets that did not get through, by cause:"), indent);
        for (int i = 0; i < Math.min(failures.size(), CAUSES_SHOWN); i++) {
            DropExplainer.Failures f = failures.get(i);
            emit(indent + String.format(Locale.ROOT, "%6d x ", f.count()), new Styled(null, f.cause() + "  (first: #"
                    + f.first().packet() + ")"), indent + "         ");
        }
        if (failures.size() > CAUSES_SHOWN) {
            int more = failures.stream().skip(CAUSES_SHOWN).mapToInt(DropExplainer.Failures::count).sum();
            emit(indent + "  ", new Styled(DIM, "... " + (failures.size() - CAUSES_SHOWN) + " more causes, " + more
                    + " packets (--format json lists them all)"), indent + "  ");
        }
    }

    /**
     * Appends {@code prefix} and the text, wrapped at the width (on spaces where it can) with every
     * further line indented by {@code indent}; each line is painted on its own so a pager's cut keeps
     * colours right.
     */
    private void emit(String prefix, Styled text, String indent) {
        int visiblePrefix = visibleLength(prefix);
        List<String> lines = wrap(text.text(), options.width() == 0 ? 0 : options.width() - visiblePrefix,
                options.width() == 0 ? 0 : options.width() - indent.length());
        for (int i = 0; i < lines.size(); i++) {
            out.append(i == 0 ? prefix : indent);
            out.append(text.code() == null ? lines.get(i) : paint(text.code(), lines.get(i))).append('\n');
        }
    }

    /** Splits {@code text} into lines of at most {@code first}, then {@code rest} columns (0: no limit). */
    static List<String> wrap(String text, int first, int rest) {
        List<String> lines = new ArrayList<>();
        if (first <= 0 && rest <= 0) {
            lines.add(text);
            return lines;
        }
        String left = text;
        int limit = Math.max(first, MIN_TEXT_WIDTH);
        while (visibleLength(left) > limit) {
            int cut = left.lastIndexOf(' ', limit);
            if (cut <= 0) {
                cut = limit;
            }
            lines.add(left.substring(0, cut).stripTrailing());
            left = left.substring(cut).stripLeading();
            limit = Math.max(rest, MIN_TEXT_WIDTH);
        }
        lines.add(left);
        return lines;
    }

    private static int visibleLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\u001b') {
                while (i < s.length() && s.charAt(i) != 'm') {
                    i++;
                }
            } else {
                n++;
            }
        }
        return n;
    }

    /** The step's text as the text format prints it, without colour (the HTML page shows the same words). */
    static String plainText(TraceStep s) {
        return describe(s).text();
    }

    /** The interface (or bridge) a step happened at, or null. */
    static String iface(TraceStep s) {
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

    private static Styled describe(TraceStep s) {
        if (s instanceof TraceStep.Generated g) {
            return new Styled(null, "sent by " + g.by());
        } else if (s instanceof TraceStep.Received r) {
            return new Styled(null, "in   " + r.frame());
        } else if (s instanceof TraceStep.Transmitted t) {
            return new Styled(null, "out  " + t.frame());
        } else if (s instanceof TraceStep.VethCrossed v) {
            return new Styled(DIM, "--" + v.link() + "--> " + v.peerNode() + " " + v.peerIface());
        } else if (s instanceof TraceStep.FdbLearned f) {
            return new Styled(null, "FDB learn " + f.mac() + " on port " + f.port()
                    + (f.isNew() ? "" : " (refreshed)"));
        } else if (s instanceof TraceStep.FdbHit f) {
            return new Styled(null, f.local() ? "FDB hit " + f.mac() + " is local: up to the host's stack"
                    : "FDB hit " + f.mac() + " -> port " + f.port());
        } else if (s instanceof TraceStep.FdbFlooded f) {
            return new Styled(null, "FDB flood (" + f.reason() + " " + f.mac() + ") -> "
                    + (f.ports().isEmpty() ? "no other port" : String.join(", ", f.ports())));
        } else if (s instanceof TraceStep.ConntrackLookup c) {
            if (c.direction() == null) {
                // No connection: INVALID (or UNTRACKED); the tuple field says why when it is known.
                return new Styled(null, "conntrack: no connection, state " + c.state()
                        + (c.tuple().equals("-") ? "" : ": " + c.tuple()));
            }
            return new Styled(null, "conntrack: " + (c.found() ? "existing " : "new ") + c.tuple() + ", state "
                    + c.state() + " (" + c.direction() + ")");
        } else if (s instanceof TraceStep.RuleEvaluated r) {
            String where = r.table() + " " + r.chain() + ":" + r.ruleNumber() + " " + r.rule();
            return r.matched() ? new Styled(GREEN, where + "  => match")
                    : new Styled(DIM, where + "  => no match: " + r.reason());
        } else if (s instanceof TraceStep.PolicyApplied p) {
            return p.policy().equals("RETURN") ? new Styled(DIM, p.table() + " " + p.chain()
                    + ": end of chain, back to the calling chain")
                    : new Styled(null, p.table() + " " + p.chain() + ": policy " + p.policy());
        } else if (s instanceof TraceStep.HookPassedThrough h) {
            return new Styled(DIM, h.hook() + ": " + h.reason());
        } else if (s instanceof TraceStep.Transformed t) {
            return new Styled(YELLOW, String.join(", ", t.changes().stream().map(FieldChange::toString).toList())
                    + " (" + t.cause() + ")");
        } else if (s instanceof TraceStep.Routed r) {
            return new Styled(null, "route " + r.decision() + ": " + r.route()
                    + (r.nextHop() == null ? "" : ", next hop " + r.nextHop()));
        } else if (s instanceof TraceStep.ArpRequested a) {
            return new Styled(null, "ARP: no entry for " + a.address() + ", request sent, packet queued");
        } else if (s instanceof TraceStep.ArpAnswered a) {
            return new Styled(null, "ARP: answers " + a.address() + " is-at " + a.mac());
        } else if (s instanceof TraceStep.ArpResolved a) {
            return new Styled(null, "ARP: " + a.address() + " is-at " + a.mac()
                    + (a.cached() ? " (cached)" : " (reply: queued packets go)"));
        } else if (s instanceof TraceStep.Delivered d) {
            return d.accepted() ? new Styled(BOLD + GREEN, "DELIVERED to " + d.to())
                    : new Styled(BOLD + YELLOW, "REFUSED: " + d.to());
        } else if (s instanceof TraceStep.Ignored i) {
            return new Styled(DIM, "ignored: " + i.reason());
        } else if (s instanceof TraceStep.Dropped d) {
            return new Styled(BOLD + RED, "DROPPED: " + d.cause());
        }
        throw new IllegalStateException("unknown step " + s);
    }

    private String paint(String code, String text) {
        return options.colour() ? code + text + RESET : text;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
