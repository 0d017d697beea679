package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Target;

import java.util.List;

/**
 * A chain ready for evaluation: rules in an array, jump targets resolved to chain numbers, the TRACE
 * label of each rule, the rule index (fast mode) and the packet/byte counters added by evaluation.
 */
final class CompiledChain {
    final Chain source;
    /** This chain's position in its table's chain array (the return address of a jump). */
    final int position;
    final String name;
    final boolean builtin;
    final Policy policy;
    final Rule[] rules;
    final int[] jumpTarget;
    final TraceEvent.Kind[] label;
    final RuleIndex index;
    final long[] packets;
    final long[] bytes;
    /**
     * Each rule's {@code -m limit} buckets, by the match's position in the rule (null for a rule without one): the
     * kernel keeps one per rule, which its packets share and which outlives no rule.
     */
    final LimitBucket[][] limits;
    long policyPackets;
    long policyBytes;

    CompiledChain(Chain chain, int position, boolean indexed) {
        this.source = chain;
        this.position = position;
        this.name = chain.name();
        this.builtin = chain.isBuiltin();
        this.policy = chain.policy();
        this.rules = chain.rules().toArray(new Rule[0]);
        this.jumpTarget = new int[rules.length];
        this.label = new TraceEvent.Kind[rules.length];
        for (int i = 0; i < rules.length; i++) {
            label[i] = label(rules[i], builtin);
        }
        this.index = indexed ? RuleIndex.build(rules) : null;
        this.packets = new long[rules.length];
        this.bytes = new long[rules.length];
        this.limits = new LimitBucket[rules.length][];
        for (int i = 0; i < rules.length; i++) {
            List<Match> matches = rules[i].matches();
            for (int m = 0; m < matches.size(); m++) {
                if (matches.get(m) instanceof LimitMatch l) {
                    if (limits[i] == null) {
                        limits[i] = new LimitBucket[matches.size()];
                    }
                    limits[i][m] = new LimitBucket(l);
                }
            }
        }
    }

    /**
     * The kernel labels an unconditional ACCEPT/DROP/RETURN rule like a chain tail ({@code policy} in a
     * built-in chain, {@code return} in a user chain): get_chainname_rulenum cannot tell them apart.
     */
    private static TraceEvent.Kind label(Rule rule, boolean builtin) {
        Target t = rule.target();
        boolean standard = t instanceof Accept || t instanceof Drop || t instanceof Return;
        if (standard && rule.matches().isEmpty() && rule.header().equals(IpHeaderMatch.ANY)) {
            return builtin ? TraceEvent.Kind.POLICY : TraceEvent.Kind.RETURN;
        }
        return TraceEvent.Kind.RULE;
    }

    /**
     * The chain with the original counters plus what evaluation counted; a policy the kernel keeps no statistics
     * for ({@link Chain#policyCounted()} false) keeps its counters as they were.
     */
    Chain counted() {
        Rule[] out = new Rule[rules.length];
        for (int i = 0; i < rules.length; i++) {
            Counters c = rules[i].counters();
            out[i] = rules[i].withCounters(c.plus(packets[i], bytes[i]));
        }
        Chain c = source.withRules(java.util.List.of(out));
        return builtin && source.policyCounted()
                ? c.withPolicyCounters(source.policyCounters().plus(policyPackets, policyBytes)) : c;
    }
}
