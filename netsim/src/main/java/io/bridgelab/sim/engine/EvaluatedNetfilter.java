package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.Connection;
import io.bridgelab.netfilter.conntrack.Direction;
import io.bridgelab.netfilter.conntrack.PacketState;
import io.bridgelab.netfilter.conntrack.Timeouts;
import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.eval.TraceEvent;
import io.bridgelab.netfilter.eval.Verdict;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.sim.l3.LocalDelivery;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.trace.FieldChange;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Node;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real netfilter stage: iptables-model's evaluator ({@link Netfilter}) with one conntrack table per
 * namespace, its events turned into trace steps (every rule with match or the reason it did not, policies,
 * conntrack lookups, NAT rewrites with the rule that chose them).
 */
public final class EvaluatedNetfilter implements NetfilterStage {
    private final Netfilter.Mode mode;
    private final Map<String, Namespace> byNode = new HashMap<>();
    /**
     * The same namespaces by the world's {@link Node} object: every hook of every packet looks its namespace
     * up, and the node's identity is cheaper to hash than its name. A node met first under another object of
     * the same name still finds its namespace by name.
     */
    private final Map<Node, Namespace> byNodeObject = new IdentityHashMap<>();
    private Node lastNode;
    private Namespace lastNamespace;
    // hookQuiet's answer, read by the engine right after the call (one simulation thread).
    private Packet lastPacket;
    private Object lastConntrack;
    private RejectWith lastReject;

    /** A namespace's evaluator and its rule texts; null evaluator when it has no rules. */
    private record Namespace(Netfilter netfilter, RuleTexts rules) {
    }

    /** REFERENCE walks every rule, so a trace explains each one; FAST is for replays. */
    public EvaluatedNetfilter(Netfilter.Mode mode) {
        this.mode = mode;
    }

    /** The evaluator of a namespace that has met a packet, or null. */
    public Netfilter of(String node) {
        Namespace ns = byNode.get(node);
        return ns == null ? null : ns.netfilter();
    }

    /**
     * The netfilter of {@code node}, made now if no packet has met it yet (its counters all zero); null when the node
     * has no rules, and so no netfilter hooks or conntrack.
     */
    public Netfilter of(NodeRuntime node) {
        return namespaceOf(node.node(), node.routes()).netfilter();
    }

    /** A namespace with rules has conntrack, and with it nf_defrag_ipv4. */
    @Override
    public boolean tracks(NodeRuntime node) {
        return of(node) != null;
    }

    /**
     * {@link #hook} for a run that records no trace ({@code context.explain()} false), without a result value or a
     * context value (the namespace's node and routes, and the time, are what a quiet run reads of the context):
     * returns whether the packet was accepted and leaves the packet that goes on (or was dropped) in
     * {@link #lastPacket()} and the conntrack view handed to the next hook in {@link #lastConntrack()} (null after
     * a drop), as {@code hook}'s result would hold them; valid until the next call. A replay meets about a dozen
     * hooks per SYN and its RST, and their result values were a tenth of what it allocated.
     */
    public boolean hookQuiet(Hook hook, Node node, RoutingTable routes, long nowNanos, Packet packet,
                             Object conntrack) {
        Netfilter nf = namespaceOf(node, routes).netfilter();
        if (nf == null) {
            lastPacket = packet;
            lastConntrack = null;
            lastReject = null;
            return true;
        }
        boolean accepted = nf.runQuietAtNanos(hook.model(), packet, (Tracked) conntrack, nowNanos) == Verdict.ACCEPT;
        lastPacket = nf.lastPacket();
        lastReject = accepted ? null : nf.lastReject();
        lastConntrack = accepted ? nf.lastTracked() : lastReject != null ? nf.lastTracked().answer() : null;
        return accepted;
    }

    /** What the REJECT that dropped the last {@link #hookQuiet}'s packet answers with, or null. */
    public RejectWith lastReject() {
        return lastReject;
    }

    /** The packet of the last {@link #hookQuiet}. */
    public Packet lastPacket() {
        return lastPacket;
    }

    /** The conntrack view of the last {@link #hookQuiet}, null when it dropped the packet. */
    public Object lastConntrack() {
        return lastConntrack;
    }

    /** The node's namespace, made at its first hook with the routes of that moment (as the evaluator's view). */
    private Namespace namespaceOf(Node node, RoutingTable routes) {
        // A packet meets several hooks in a row in the same namespace: the last one asked for is checked first.
        Namespace ns = node == lastNode ? lastNamespace : byNodeObject.get(node);
        if (ns == null) {
            ns = byNode.get(node.name());
            if (ns == null) {
                ns = namespace(node, routes);
                byNode.put(node.name(), ns);
            }
            byNodeObject.put(node, ns);
        }
        lastNode = node;
        lastNamespace = ns;
        return ns;
    }

    @Override
    public HookResult hook(Hook hook, HookContext context, Packet packet, Object conntrack,
                           Consumer<TraceStep> steps) {
        String node = context.node().name();
        Namespace ns = namespaceOf(context.node(), context.routes());
        if (ns.netfilter() == null) {
            // No rules: the kernel registers no conntrack or nat hooks in such a namespace.
            return HookResult.accept(packet, null);
        }
        Netfilter nf = ns.netfilter();
        RuleTexts rules = ns.rules();
        if (!context.explain()) {
            // Without a trace nothing reads the evaluator's events, so it makes none, nor a result value.
            Verdict v = nf.runQuietAtNanos(hook.model(), packet, (Tracked) conntrack, context.nowNanos());
            if (v == Verdict.ACCEPT) {
                return HookResult.accept(nf.lastPacket(), nf.lastTracked());
            }
            return nf.lastReject() == null ? HookResult.drop(nf.lastPacket(), "dropped at " + hook)
                    : HookResult.reject(nf.lastPacket(), "rejected at " + hook, nf.lastReject(),
                    nf.lastTracked().answer());
        }
        io.bridgelab.netfilter.eval.HookResult r = nf.runAtNanos(hook.model(), packet, (Tracked) conntrack,
                context.nowNanos(), Netfilter.Detail.EXPLAIN);
        String verdictBy = null;
        String natRule = null;
        String natDrop = null;
        String mssRule = null;
        for (TraceEvent e : r.trace()) {
            if (e instanceof TraceEvent.ConntrackSeen) {
                steps.accept(lookup(node, r.tracked(), hook == Hook.PREROUTING
                        && context.node().sysctls().conntrackChecksum() ? packet : null));
            } else if (e instanceof TraceEvent.RuleHit hit) {
                String where = hit.table().text() + " " + hit.chain();
                boolean isRule = hit.kind() == TraceEvent.Kind.RULE || hit.kind() == TraceEvent.Kind.RETURN
                        && hit.number() <= rules.size(hit.table(), hit.chain());
                switch (isRule ? TraceEvent.Kind.RULE : hit.kind()) {
                    case RULE -> {
                        steps.accept(new TraceStep.RuleEvaluated(node, hit.table().text(), hit.chain(), hit.number(),
                                rules.text(hit.table(), hit.chain(), hit.number()), true, null));
                        verdictBy = "rule " + where + ":" + hit.number();
                        if (hit.table() == TableName.NAT) {
                            natRule = rules.targetName(hit.table(), hit.chain(), hit.number()) + ", rule "
                                    + hit.chain() + ":" + hit.number();
                        }
                        if (rules.targetName(hit.table(), hit.chain(), hit.number()).equals("TCPMSS")) {
                            mssRule = "TCPMSS, rule " + where + ":" + hit.number();
                        }
                    }
                    case RETURN -> steps.accept(new TraceStep.PolicyApplied(node, hit.table().text(), hit.chain(),
                            "RETURN"));
                    case POLICY -> {
                        String policy = rules.policy(hit.table(), hit.chain());
                        steps.accept(new TraceStep.PolicyApplied(node, hit.table().text(), hit.chain(), policy));
                        verdictBy = "policy " + policy + " of " + where;
                    }
                }
            } else if (e instanceof TraceEvent.NoMatch miss) {
                steps.accept(new TraceStep.RuleEvaluated(node, miss.table().text(), miss.chain(), miss.number(),
                        rules.text(miss.table(), miss.chain(), miss.number()), false, miss.reason()));
            } else if (e instanceof TraceEvent.NatDropped dropped) {
                natDrop = dropped.reason();
            } else if (e instanceof TraceEvent.NatApplied nat) {
                steps.accept(rewrite(node, nat, natRule, r.tracked()));
            }
        }
        if (mssRule != null) {
            String before = mss(packet);
            String after = mss(r.packet());
            if (!before.equals(after)) {
                steps.accept(new TraceStep.Transformed(node, List.of(new FieldChange("tcp mss", before, after)),
                        mssRule));
            }
        }
        if (r.verdict() == Verdict.ACCEPT) {
            return HookResult.accept(r.packet(), r.tracked());
        }
        if (r.reject() != null) {
            String cause = TraceStep.Dropped.REJECT + r.reject().text() + ") by " + verdictBy;
            return HookResult.reject(r.packet(), cause, r.reject(), r.tracked().answer());
        }
        String cause = verdictBy != null ? TraceStep.Dropped.DROP_BY + verdictBy : "dropped at " + hook + ": "
                + (natDrop != null ? natDrop : "NAT found no free mapping");
        return HookResult.drop(r.packet(), cause);
    }

    /** A TCP segment's MSS option as a trace shows it ("none" without one; "" for what is not TCP). */
    private static String mss(Packet p) {
        if (!p.isIpv4() || !(p.transport() instanceof io.bridgelab.netfilter.packet.TcpSegment tcp)) {
            return "";
        }
        int mss = tcp.mss();
        return mss < 0 ? "none" : Integer.toString(mss);
    }

    private Namespace namespace(Node node, RoutingTable routes) {
        Ruleset ruleset = node.ruleset();
        if (ruleset.equals(Ruleset.EMPTY)) {
            return new Namespace(null, null);
        }
        return new Namespace(new Netfilter(ruleset, new WorldHostView(node, routes),
                new ConntrackTable(Timeouts.DEFAULT, 0, node.sysctls().conntrackChecksum()), mode),
                new RuleTexts(ruleset));
    }

    /** @param prerouted the packet when conntrack saw it in PREROUTING and checks checksums there, else null */
    private static TraceStep lookup(String node, Tracked t, Packet prerouted) {
        if (!t.hasConnection()) {
            return new TraceStep.ConntrackLookup(node, invalidBecause(t, prerouted), false, t.state().name(), null);
        }
        Connection c = t.connection();
        boolean found = t.state() != PacketState.NEW;
        String tuple = c.original().toString() + (found ? ", reply " + c.reply() : "");
        return new TraceStep.ConntrackLookup(node, tuple, found, t.state().name(),
                t.direction().name().toLowerCase(Locale.ROOT));
    }

    /** Why conntrack found a packet INVALID, where it is its checksum; "-" otherwise. */
    private static String invalidBecause(Tracked t, Packet prerouted) {
        if (t != Tracked.INVALID || prerouted == null || !prerouted.isIpv4()) {
            return "-";
        }
        String bad = LocalDelivery.badChecksum(prerouted.ipv4());
        return bad == null ? "-" : bad + ", checked in PREROUTING (nf_conntrack_checksum=1)";
    }

    private static TraceStep rewrite(String node, TraceEvent.NatApplied nat, String natRule, Tracked t) {
        // "dst 192.168.1.10:8088 -> 172.17.0.4:80"
        String change = nat.change();
        int space = change.indexOf(' ');
        int arrow = change.indexOf(" -> ");
        FieldChange f = new FieldChange(change.substring(0, space), change.substring(space + 1, arrow),
                change.substring(arrow + 4));
        boolean source = f.field().equals("src");
        String cause;
        if (t.direction() == Direction.REPLY) {
            // A reply is rewritten by the other direction's binding, even when a nat rule bound this hook's manip
            // for it now (REJECT's RST meeting MASQUERADE: that binding is for the connection's original direction).
            cause = source ? "reverse DNAT: conntrack reply" : "reverse SNAT: conntrack reply";
        } else if (natRule != null) {
            cause = natRule;
        } else {
            cause = (source ? "SNAT" : "DNAT") + ": the connection's binding in conntrack";
        }
        return new TraceStep.Transformed(node, List.of(f), cause);
    }

    /** Rule texts as {@code iptables -S} prints them, without the {@code -A CHAIN} prefix. */
    private static final class RuleTexts {
        private final Ruleset ruleset;

        RuleTexts(Ruleset ruleset) {
            this.ruleset = ruleset;
        }

        String text(TableName table, String chain, int number) {
            Rule rule = rule(table, chain, number);
            if (rule == null) {
                return "?";
            }
            return io.bridgelab.netfilter.text.IptablesSaveWriter.rule(chain, rule).substring(3 + chain.length()).strip();
        }

        int size(TableName table, String chain) {
            Chain c = chain(table, chain);
            return c == null ? 0 : c.rules().size();
        }

        String targetName(TableName table, String chain, int number) {
            Rule rule = rule(table, chain, number);
            return rule == null || rule.target() == null ? "?" : rule.target().name();
        }

        String policy(TableName table, String chain) {
            Chain c = chain(table, chain);
            return c == null || c.policy() == null ? "ACCEPT" : c.policy().name();
        }

        private Chain chain(TableName table, String chain) {
            return ruleset.tableOrEmpty(table).chain(chain);
        }

        private Rule rule(TableName table, String chain, int number) {
            Chain c = chain(table, chain);
            return c == null || number < 1 || number > c.rules().size() ? null : c.rules().get(number - 1);
        }
    }
}
