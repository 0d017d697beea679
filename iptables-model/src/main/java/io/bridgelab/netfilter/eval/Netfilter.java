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

    private final Ruleset ruleset;
    private final HostView host;
    private final ConntrackTable conntrack;
    private final Map<TableName, CompiledTable> tables = new EnumMap<>(TableName.class);

    public Netfilter(Ruleset ruleset, HostView host, ConntrackTable conntrack, Mode mode) {
        this.ruleset = ruleset;
        this.host = host;
        this.conntrack = conntrack;
        for (Table t : ruleset.tables()) {
            tables.put(t.name(), new CompiledTable(t, mode == Mode.FAST));
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
        if (!packet.isIpv4()) {
            return new HookResult(Verdict.ACCEPT, packet, Tracked.UNTRACKED, List.of(), null);
        }
        List<TraceEvent> trace = new ArrayList<>();
        EvalPacket p = new EvalPacket(packet, tracked == null ? Tracked.INVALID : tracked, hook, host, explain);
        boolean notracked = false;
        for (TableName tn : hook.tables()) {
            if (tn == TableName.MANGLE && hook.tracks()) {
                notracked = p.tracked == Tracked.UNTRACKED;
                if (!notracked) {
                    p.tracked = conntrack.track(p.packet, now);
                }
                trace.add(new TraceEvent.ConntrackSeen(hook, p.tracked.state().name(),
                        p.tracked.hasConnection() ? p.tracked.direction() + " " + p.tracked.connection() : ""));
            }
            if (tn == TableName.NAT) {
                TableWalker.Outcome o = nat(hook, p, trace);
                if (o.kind() == TableWalker.Kind.DROP) {
                    return new HookResult(Verdict.DROP, p.packet, p.tracked, trace, null);
                }
                continue;
            }
            CompiledTable table = tables.get(tn);
            CompiledChain chain = table == null ? null : table.chain(hook.chainName());
            if (chain == null) {
                continue;
            }
            TableWalker.Outcome o = TableWalker.walk(table, chain, p, trace);
            if (o.kind() == TableWalker.Kind.DROP) {
                return new HookResult(Verdict.DROP, p.packet, p.tracked, trace, null);
            }
            if (o.kind() == TableWalker.Kind.REJECT) {
                RejectWith with = ((Reject) o.target()).with();
                return new HookResult(Verdict.DROP, p.packet, p.tracked, trace, with);
            }
        }
        if (hook.confirms()) {
            conntrack.confirm(p.tracked);
        }
        return new HookResult(Verdict.ACCEPT, p.packet, p.tracked, trace, null);
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
        if (t.state() == PacketState.NEW && !c.natInitialized(manip)) {
            CompiledTable table = tables.get(TableName.NAT);
            CompiledChain chain = table == null ? null : table.chain(hook.chainName());
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
            trace.add(new TraceEvent.NatBound(hook, binding.reason() + " " + binding.before() + " => "
                    + binding.after()));
        } else if (!error && t.state() != PacketState.NEW && t.state() != PacketState.ESTABLISHED) {
            return TableWalker.Outcome.ACCEPT;
        }
        Packet before = p.packet;
        p.packet = NatRewriter.translate(p.packet, t, manip);
        if (p.packet != before) {
            trace.add(new TraceEvent.NatApplied(hook, describe(before, p.packet, manip)));
        }
        return TableWalker.Outcome.ACCEPT;
    }

    private static String describe(Packet before, Packet after, NatManip manip) {
        if (manip == NatManip.SOURCE) {
            return "src " + before.ip().source() + port(before.sourcePort()) + " -> " + after.ip().source()
                    + port(after.sourcePort());
        }
        return "dst " + before.ip().destination() + port(before.destinationPort()) + " -> "
                + after.ip().destination() + port(after.destinationPort());
    }

    private static String port(int port) {
        return port < 0 ? "" : ":" + port;
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
