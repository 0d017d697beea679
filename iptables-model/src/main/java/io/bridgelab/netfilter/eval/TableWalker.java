package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.ChecksumTarget;
import io.bridgelab.netfilter.rule.ConnmarkTarget;
import io.bridgelab.netfilter.rule.CtTarget;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.Log;
import io.bridgelab.netfilter.rule.MarkTarget;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.TcpmssTarget;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.Trace;

import java.util.List;

/**
 * Walks one table's chain for one packet as {@code ipt_do_table} does: first match, counters on the
 * matching rule, jump pushes a return point, goto does not, RETURN or falling off a user chain pops
 * (or, with nothing to pop, applies the built-in chain's policy), non-terminating targets continue.
 * The index (fast mode) only skips rules that cannot match; the walk is otherwise the same.
 */
final class TableWalker {
    /** How a table finished with the packet. NAT means "accept, with this NAT target's binding". */
    enum Kind { ACCEPT, DROP, REJECT, NAT }

    record Outcome(Kind kind, Target target) {
        static final Outcome ACCEPT = new Outcome(Kind.ACCEPT, null);
        static final Outcome DROP = new Outcome(Kind.DROP, null);
    }

    /** The kernel refuses rulesets deeper than this many nested jumps. */
    private static final int MAX_DEPTH = 1024;

    private TableWalker() {
    }

    /** {@code trace} null: record nothing (explain is then off too). */
    static Outcome walk(CompiledTable table, CompiledChain start, EvalPacket p, List<TraceEvent> trace) {
        TableName tn = table.source.name();
        int[] stackChain = table.stackChain;
        int[] stackRule = table.stackRule;
        int depth = 0;
        CompiledChain chain = start;
        // One key for the whole walk: a short (unindexed) chain may jump to an indexed one.
        int key = RuleIndex.key(p);
        int[] keyed = chain.index == null ? null : chain.index.candidates(key);
        int i = 0;
        long length = p.packet.ip().totalLength();
        while (true) {
            int next = chain.index == null ? (i < chain.rules.length ? i : -1) : chain.index.next(i, keyed);
            if (p.explain) {
                int stop = next < 0 ? chain.rules.length : next;
                for (int s = i; s < stop; s++) {
                    trace.add(new TraceEvent.NoMatch(tn, chain.name, s + 1, why(chain, s, p)));
                }
            }
            boolean returning = next < 0;
            Rule rule = null;
            if (!returning) {
                rule = chain.rules[next];
                String why = why(chain, next, p);
                if (why != null) {
                    if (p.explain) {
                        trace.add(new TraceEvent.NoMatch(tn, chain.name, next + 1, why));
                    }
                    i = next + 1;
                    continue;
                }
                chain.packets[next]++;
                chain.bytes[next] += length;
                if (trace != null) {
                    trace.add(new TraceEvent.RuleHit(tn, chain.name, chain.label[next], next + 1));
                }
                if (rule.target() instanceof Return) {
                    returning = true;
                }
            } else if (chain.builtin) {
                return policy(tn, chain, p, trace, length);
            } else if (trace != null) {
                trace.add(new TraceEvent.RuleHit(tn, chain.name, TraceEvent.Kind.RETURN, chain.rules.length + 1));
            }
            if (returning) {
                if (depth == 0) {
                    // RETURN in the built-in chain, or off the end of a chain reached by goto from it.
                    CompiledChain builtin = start;
                    return policy(tn, builtin, p, trace, length);
                }
                depth--;
                chain = table.chains[stackChain[depth]];
                i = stackRule[depth];
                keyed = chain.index == null ? null : chain.index.candidates(key);
                continue;
            }
            Target t = rule.target();
            if (t == null) {
                i = next + 1;
                continue;
            }
            if (t instanceof Jump || t instanceof Goto) {
                if (t instanceof Jump) {
                    if (depth == MAX_DEPTH) {
                        throw new IllegalStateException("jumps nested deeper than " + MAX_DEPTH + " in " + tn.text());
                    }
                    if (depth == stackChain.length) {
                        stackChain = java.util.Arrays.copyOf(stackChain, depth * 2);
                        stackRule = java.util.Arrays.copyOf(stackRule, depth * 2);
                        table.stackChain = stackChain;
                        table.stackRule = stackRule;
                    }
                    stackChain[depth] = chain.position;
                    stackRule[depth] = next + 1;
                    depth++;
                }
                chain = table.chains[chain.jumpTarget[next]];
                keyed = chain.index == null ? null : chain.index.candidates(key);
                i = 0;
                continue;
            }
            Outcome o = apply(t, p);
            if (o != null) {
                return o;
            }
            i = next + 1;
        }
    }

    private static Outcome policy(TableName tn, CompiledChain builtin, EvalPacket p, List<TraceEvent> trace,
                                  long length) {
        builtin.policyPackets++;
        builtin.policyBytes += length;
        if (trace != null) {
            trace.add(new TraceEvent.RuleHit(tn, builtin.name, TraceEvent.Kind.POLICY, builtin.rules.length + 1));
        }
        return builtin.policy == Policy.DROP ? Outcome.DROP : Outcome.ACCEPT;
    }

    /**
     * Null if every part of rule {@code index} of {@code chain} matches, otherwise the first reason it does not. The
     * parts are tried in the kernel's order (the header, then each match as written) and the first that fails ends
     * it, so a {@code -m limit} takes a token only from a packet that got that far.
     */
    static String why(CompiledChain chain, int index, EvalPacket p) {
        Rule rule = chain.rules[index];
        String r = HeaderMatcher.check(rule.header(), p);
        if (r != null) {
            return r;
        }
        List<Match> matches = rule.matches();
        for (int m = 0; m < matches.size(); m++) {
            Match match = matches.get(m);
            r = match instanceof LimitMatch l ? limit(l, chain.limits[index][m], p) : ModuleMatcher.check(match, p);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static String limit(LimitMatch l, LimitBucket bucket, EvalPacket p) {
        if (bucket.take(p.nowNanos)) {
            return null;
        }
        return p.explain ? "-m limit --limit " + l.rateText() + " --limit-burst " + l.burst() + " did not match: over"
                + " the rate (a packet costs " + bucket.cost() / 1_000_000 + " ms of credit, " + bucket.tokens()
                / 1_000_000 + " ms left)" : HeaderMatcher.NO;
    }

    /** Runs a target that does not jump: a verdict (non-null) or null to continue with the next rule. */
    private static Outcome apply(Target t, EvalPacket p) {
        if (t instanceof Accept) {
            return Outcome.ACCEPT;
        } else if (t instanceof Drop) {
            return Outcome.DROP;
        } else if (t instanceof Reject) {
            return new Outcome(Kind.REJECT, t);
        } else if (t instanceof Dnat || t instanceof Snat || t instanceof Masquerade || t instanceof Redirect) {
            return new Outcome(Kind.NAT, t);
        } else if (t instanceof MarkTarget mark) {
            p.packet = p.packet.withMetadata(p.packet.metadata().withMark(mark.apply(p.packet.metadata().mark())));
            return null;
        } else if (t instanceof ConnmarkTarget cm) {
            connmark(cm, p);
            return null;
        } else if (t instanceof CtTarget ct) {
            if (ct.notrack()) {
                p.tracked = Tracked.UNTRACKED;
            }
            if (ct.zone() != null) {
                p.zone = ct.zone();
            }
            return null;
        } else if (t instanceof TcpmssTarget mss) {
            Packet mangled = TcpMss.apply(mss, p.packet, p.host);
            if (mangled == null) {
                return Outcome.DROP;
            }
            p.packet = mangled;
            return null;
        } else if (t instanceof Log || t instanceof Trace || t instanceof ChecksumTarget) {
            // LOG writes to the kernel log, TRACE turns on tracing (our trace is always on), CHECKSUM fills
            // a checksum our packets already carry in full: none changes the verdict or the packet.
            return null;
        }
        throw new IllegalStateException("no evaluation for target " + t.name());
    }

    private static void connmark(ConnmarkTarget cm, EvalPacket p) {
        var c = p.tracked.connection();
        if (c == null) {
            return;
        }
        long ctmark = c.mark() & 0xffff_ffffL;
        long nfmark = p.packet.metadata().mark() & 0xffff_ffffL;
        switch (cm.mode()) {
            case SET_XMARK -> c.setMark((int) ((ctmark & ~cm.ctMask()) ^ cm.value()));
            case SAVE -> c.setMark((int) ((ctmark & ~cm.ctMask()) ^ (nfmark & cm.nfMask())));
            case RESTORE -> p.packet = p.packet.withMetadata(p.packet.metadata().withMark(
                    (int) ((nfmark & ~cm.nfMask()) ^ (ctmark & cm.ctMask()))));
        }
    }
}
