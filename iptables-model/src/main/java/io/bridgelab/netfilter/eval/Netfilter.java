package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Connection;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.NatBinding;
import io.bridgelab.netfilter.conntrack.NatManip;
import io.bridgelab.netfilter.conntrack.NatMapping;
import io.bridgelab.netfilter.conntrack.NatRewriter;
import io.bridgelab.netfilter.conntrack.PacketState;
import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The netfilter of one namespace: its ruleset, conntrack table and host view. {@link #run} takes a packet
 * through one hook's tables in priority order, with conntrack at PREROUTING/OUTPUT, the nat table only
 * for a connection's first packet (later packets and replies get the stored binding) and confirmation
 * when the packet leaves INPUT or POSTROUTING. Counters accumulate here; {@link #countedRuleset()}
 * returns the ruleset as {@code iptables-save -c} would show it. Not thread-safe.
 */
public final class Netfilter {
    /** FAST uses the per-chain rule index; REFERENCE walks every rule, the plain first-match oracle. */
    public enum Mode { FAST, REFERENCE }

    /**
     * What a run records besides its outcome: NONE (a replay reads only verdict, packet and conntrack view, so
     * no event is made), HITS (the rules hit, conntrack and NAT events: what TRACE logs and a bit more) or
     * EXPLAIN (also why each passed rule did not match).
     */
    public enum Detail { NONE, HITS, EXPLAIN }

    private final Ruleset ruleset;
    private final HostView host;
    private final ConntrackTable conntrack;
    private final Map<TableName, CompiledTable> tables = new EnumMap<>(TableName.class);
    /** Per hook (ordinal), its tables in priority order and the hook's built-in chain in each (null: none). */
    private final TableName[][] hookTables = new TableName[Hook.values().length][];
    private final CompiledTable[][] hookCompiled = new CompiledTable[Hook.values().length][];
    private final CompiledChain[][] hookChains = new CompiledChain[Hook.values().length][];
    /**
     * The packet state of the hook being run; one per evaluator, as the walker's return stack. After a run it
     * holds the packet and conntrack view the run ended with, which {@link #lastPacket()} and
     * {@link #lastTracked()} read.
     */
    private final EvalPacket scratch;
    /** The answer of the REJECT that ended the last run, null otherwise. */
    private RejectWith rejectWith;

    /**
     * Chains shorter than this are walked linearly even in FAST mode: for a handful of rules the index
     * costs more than it saves.
     */
    static final int INDEX_FROM = 8;

    public Netfilter(Ruleset ruleset, HostView host, ConntrackTable conntrack, Mode mode) {
        this(ruleset, host, conntrack, mode == Mode.FAST ? INDEX_FROM : -1);
    }

    /** With {@code indexFrom} 0 every chain is indexed (tests of the index use this); -1 none. */
    Netfilter(Ruleset ruleset, HostView host, ConntrackTable conntrack, int indexFrom) {
        this.ruleset = ruleset;
        this.host = host;
        this.conntrack = conntrack;
        this.scratch = new EvalPacket(host);
        for (Table t : ruleset.tables()) {
            tables.put(t.name(), new CompiledTable(t, indexFrom));
        }
        // Resolved once: a hook otherwise looks up each table and its chain by name for every packet.
        for (Hook hook : Hook.values()) {
            int n = hook.tables().size();
            hookTables[hook.ordinal()] = hook.tables().toArray(new TableName[0]);
            hookCompiled[hook.ordinal()] = new CompiledTable[n];
            hookChains[hook.ordinal()] = new CompiledChain[n];
            for (int i = 0; i < n; i++) {
                CompiledTable table = tables.get(hook.tables().get(i));
                hookCompiled[hook.ordinal()][i] = table;
                hookChains[hook.ordinal()][i] = table == null ? null : table.chain(hook.chainName());
            }
        }
    }

    public ConntrackTable conntrack() {
        return conntrack;
    }

    /**
     * Runs {@code hook} for {@code packet} at simulated time {@code now} (ms). {@code tracked} is the
     * conntrack view from the packet's previous hook (null at PREROUTING and OUTPUT, where conntrack
     * looks the packet up). With {@code explain}, the trace also says why each rule did not match.
     */
    public HookResult run(Hook hook, Packet packet, Tracked tracked, long now, boolean explain) {
        return run(hook, packet, tracked, now, explain ? Detail.EXPLAIN : Detail.HITS);
    }

    /** The same, recording only what {@code detail} asks for ({@link HookResult#trace()} is empty for NONE). */
    public HookResult run(Hook hook, Packet packet, Tracked tracked, long now, Detail detail) {
        return runAtNanos(hook, packet, tracked, now * NANOS_PER_MILLI, detail);
    }

    /**
     * The same at simulated time {@code nowNanos} (ns): what runs on the clock (a {@code -m limit} bucket, which the
     * kernel fills by the nanosecond) sees it whole; conntrack counts in milliseconds of it.
     */
    public HookResult runAtNanos(Hook hook, Packet packet, Tracked tracked, long nowNanos, Detail detail) {
        // No list at all for NONE: the walker and the NAT step skip every event when it is null.
        List<TraceEvent> trace = detail == Detail.NONE ? null : new ArrayList<>();
        Verdict verdict = evaluate(hook, packet, tracked, nowNanos, detail, trace);
        return new HookResult(verdict, scratch.packet, scratch.tracked, trace, rejectWith);
    }

    private static final long NANOS_PER_MILLI = 1_000_000;

    /**
     * {@link #run(Hook, Packet, Tracked, long, Detail) run} with {@link Detail#NONE}, without a result value:
     * returns the verdict, and {@link #lastPacket()} and {@link #lastTracked()} tell the packet and its conntrack
     * view as they left, until the next run. A replay runs millions of hooks and reads only these three.
     */
    public Verdict runQuiet(Hook hook, Packet packet, Tracked tracked, long now) {
        return evaluate(hook, packet, tracked, now * NANOS_PER_MILLI, Detail.NONE, null);
    }

    /** {@link #runQuiet} at simulated time {@code nowNanos} (ns), as {@link #runAtNanos}. */
    public Verdict runQuietAtNanos(Hook hook, Packet packet, Tracked tracked, long nowNanos) {
        return evaluate(hook, packet, tracked, nowNanos, Detail.NONE, null);
    }

    /** What the last run's REJECT answers with, null when the last run did not end in a REJECT. */
    public RejectWith lastReject() {
        return rejectWith;
    }

    /** The packet as it left the last run (NAT and MARK applied). */
    public Packet lastPacket() {
        return scratch.packet;
    }

    /** The conntrack view of the packet of the last run, for the packet's next hook. */
    public Tracked lastTracked() {
        return scratch.tracked;
    }

    /**
     * One hook's tables for {@code packet}; the packet and conntrack view as they leave stay in {@link #scratch},
     * a REJECT's answer in {@link #rejectWith}.
     */
    private Verdict evaluate(Hook hook, Packet packet, Tracked tracked, long nowNanos, Detail detail,
                             List<TraceEvent> trace) {
        rejectWith = null;
        if (!packet.isIpv4()) {
            scratch.start(packet, Tracked.UNTRACKED, hook, false, nowNanos);
            return Verdict.ACCEPT;
        }
        EvalPacket p = scratch.start(packet, tracked == null ? Tracked.INVALID : tracked, hook,
                detail == Detail.EXPLAIN, nowNanos);
        long now = Math.floorDiv(nowNanos, NANOS_PER_MILLI);
        boolean notracked = false;
        TableName[] names = hookTables[hook.ordinal()];
        CompiledTable[] compiled = hookCompiled[hook.ordinal()];
        CompiledChain[] chains = hookChains[hook.ordinal()];
        for (int k = 0; k < names.length; k++) {
            TableName tn = names[k];
            if (tn == TableName.MANGLE && hook.tracks()) {
                notracked = p.tracked == Tracked.UNTRACKED;
                // A packet that comes with its connection (an answer attached to the packet it answers) is not
                // looked up again (nf_conntrack_in: "Previously seen? Ignore").
                if (!notracked && !p.tracked.hasConnection()) {
                    p.tracked = conntrack.track(p.packet, now, p.zone, hook == Hook.PREROUTING);
                }
                if (trace != null) {
                    Connection c = p.tracked.connection();
                    trace.add(new TraceEvent.ConntrackSeen(hook, p.tracked.state(), p.tracked.direction(),
                            c == null ? null : c.original(), c == null ? null : c.reply()));
                }
            }
            if (tn == TableName.NAT) {
                TableWalker.Outcome o = nat(hook, p, trace);
                if (o.kind() == TableWalker.Kind.DROP) {
                    return Verdict.DROP;
                }
                continue;
            }
            CompiledTable table = compiled[k];
            CompiledChain chain = chains[k];
            if (chain == null) {
                continue;
            }
            TableWalker.Outcome o = TableWalker.walk(table, chain, p, trace);
            if (o.kind() == TableWalker.Kind.DROP) {
                return Verdict.DROP;
            }
            if (o.kind() == TableWalker.Kind.REJECT) {
                rejectWith = ((Reject) o.target()).with();
                return Verdict.DROP;
            }
        }
        if (hook.confirms()) {
            if (p.tracked.state() == PacketState.RELATED) {
                conntrack.release(p.tracked);
            } else {
                conntrack.confirm(p.tracked);
            }
        }
        return Verdict.ACCEPT;
    }

    /** {@code nf_nat_inet_fn}: choose the binding at the first packet, then rewrite by the binding. */
    private TableWalker.Outcome nat(Hook hook, EvalPacket p, List<TraceEvent> trace) {
        NatManip manip = hook.natManip();
        Tracked t = p.tracked;
        Connection c = t.connection();
        if (c == null || manip == null) {
            return TableWalker.Outcome.ACCEPT;
        }
        boolean error = t.state() == PacketState.RELATED && p.packet.transport() instanceof IcmpMessage;
        if (error && ((IcmpMessage) p.packet.transport()).type() == IcmpMessage.REDIRECT
                && tables.containsKey(TableName.NAT)) {
            String refused = redirectRefused(c);
            if (refused != null) {
                if (trace != null) {
                    trace.add(new TraceEvent.NatDropped(hook, refused));
                }
                return TableWalker.Outcome.DROP;
            }
        }
        // A related packet that is no ICMP error (REJECT's RST, attached to the connection it answers) is NATed
        // as a connection's first packet: the hook's nat chain runs if this manip is not bound yet.
        boolean first = t.state() == PacketState.NEW || t.state() == PacketState.RELATED && !error;
        if (first && !c.natInitialized(manip)) {
            CompiledTable table = tables.get(TableName.NAT);
            CompiledChain chain = natChain(hook);
            TableWalker.Outcome o = chain == null ? TableWalker.Outcome.ACCEPT
                    : TableWalker.walk(table, chain, p, trace);
            if (o.kind() == TableWalker.Kind.DROP || o.kind() == TableWalker.Kind.REJECT) {
                return TableWalker.Outcome.DROP;
            }
            NatBinding binding;
            if (o.kind() == TableWalker.Kind.NAT) {
                NatMapping mapping = NatTargets.mapping(o.target(), p.packet, hook, host);
                if (mapping == null) {
                    return TableWalker.Outcome.DROP;
                }
                binding = conntrack.bind(c, manip, mapping, o.target().name());
            } else {
                binding = conntrack.bindNull(c, manip);
            }
            if (trace != null) {
                trace.add(new TraceEvent.NatBound(hook, binding));
            }
        } else if (!error && !first && t.state() != PacketState.ESTABLISHED) {
            return TableWalker.Outcome.ACCEPT;
        }
        Packet before = p.packet;
        p.packet = NatRewriter.translate(p.packet, t, manip);
        if (p.packet != before && trace != null) {
            trace.add(new TraceEvent.NatApplied(hook, manip, before, p.packet));
        }
        return TableWalker.Outcome.ACCEPT;
    }

    /**
     * nf_nat_icmp_reply_translation's rule for an ICMP redirect about a connection: NAT drops it while the
     * connection's NAT is not done in both directions ("If NAT isn't finished, assume it and drop": the first packet
     * of a flow, redirected in ip_forward before POSTROUTING bound its source), and for a connection NAT changes at
     * all (a redirect would send the host round it); null when it passes. Only where a nat table registers NAT's
     * hooks.
     */
    private static String redirectRefused(Connection c) {
        if (!c.natInitialized(NatManip.SOURCE) || !c.natInitialized(NatManip.DESTINATION)) {
            return "an ICMP redirect about a connection whose NAT is not done yet: nf_nat_icmp_reply_translation"
                    + " drops it";
        }
        if (c.isSourceNatted() || c.isDestinationNatted()) {
            return "an ICMP redirect about a NATed connection: nf_nat_icmp_reply_translation drops it";
        }
        return null;
    }

    /** The hook's chain in the nat table, null when there is none. */
    private CompiledChain natChain(Hook hook) {
        TableName[] names = hookTables[hook.ordinal()];
        for (int k = 0; k < names.length; k++) {
            if (names[k] == TableName.NAT) {
                return hookChains[hook.ordinal()][k];
            }
        }
        return null;
    }

    /** The ruleset with every counter as the kernel would show it after the packets run so far. */
    public Ruleset countedRuleset() {
        List<Table> out = new ArrayList<>();
        for (Table t : ruleset.tables()) {
            out.add(tables.get(t.name()).counted());
        }
        return new Ruleset(out);
    }
}
