package io.bridgelab.netfilter.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chain: built-in chains have a policy and policy counters; user chains have neither (policy null,
 * printed as {@code -} by iptables-save).
 *
 * <p>{@code policyCounted} is false for a built-in chain whose kernel keeps no statistics: with the nf_tables
 * backend, a built-in chain that iptables created on the way ({@code iptables -A} or {@code -I} into a table that
 * did not have it, as dockerd does) is made without them, and its policy counters stay [0:0] whatever reaches
 * them, while one written by iptables-restore, {@code -P} or {@code -Z} counts (measured on Linux 6.18, iptables
 * 1.8.9; iptables-legacy always counts). iptables-save prints [0:0] for both, so a reader of its text takes
 * {@code true}; a snapshot's nft-chains.json tells them apart.
 */
public record Chain(String name, Policy policy, Counters policyCounters, List<Rule> rules, boolean policyCounted) {
    /** A chain whose policy counters count, as iptables-legacy's and iptables-restore's always do. */
    public Chain(String name, Policy policy, Counters policyCounters, List<Rule> rules) {
        this(name, policy, policyCounters, rules, true);
    }

    public Chain {
        ChainNames.check(name);
        if (policyCounters == null) {
            policyCounters = Counters.ZERO;
        }
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static Chain builtin(String name, Policy policy, List<Rule> rules) {
        return new Chain(name, policy, Counters.ZERO, rules);
    }

    public static Chain user(String name, List<Rule> rules) {
        return new Chain(name, null, Counters.ZERO, rules);
    }

    public boolean isBuiltin() {
        return policy != null;
    }

    public Chain withRules(List<Rule> newRules) {
        return new Chain(name, policy, policyCounters, newRules, policyCounted);
    }

    public Chain withPolicyCounters(Counters counters) {
        return new Chain(name, policy, counters, rules, policyCounted);
    }

    /** A copy whose policy counters count ({@code true}) or stay as they are whatever reaches the policy. */
    public Chain withPolicyCounted(boolean counted) {
        return new Chain(name, policy, policyCounters, rules, counted);
    }

    /**
     * A copy with {@code rule} appended ({@code -A}). It copies every rule, so appending n rules one by one costs
     * n squared: build a long chain with {@link #toBuilder()} or {@link #builder} instead.
     */
    public Chain append(Rule rule) {
        List<Rule> copy = new ArrayList<>(rules);
        copy.add(rule);
        return withRules(copy);
    }

    /** A builder holding this chain's name, policy, policy counters and rules. */
    public Builder toBuilder() {
        Builder b = new Builder(name, policy, policyCounters);
        b.policyCounted = policyCounted;
        b.rules.addAll(rules);
        return b;
    }

    /** An empty chain's builder: {@code policy} null for a user chain. */
    public static Builder builder(String name, Policy policy) {
        return new Builder(name, policy, Counters.ZERO);
    }

    /**
     * A chain being built, for a reader that appends rules one at a time (a parser of a 10,000-rule ruleset):
     * appending is amortised constant time, and {@link #build()} makes the immutable chain once, checking it as
     * the constructor always does. Not shared between threads; the built chains share nothing with it.
     */
    public static final class Builder {
        private final String name;
        private Policy policy;
        private Counters policyCounters;
        private boolean policyCounted = true;
        private final List<Rule> rules = new ArrayList<>();

        private Builder(String name, Policy policy, Counters policyCounters) {
            ChainNames.check(name);
            this.name = name;
            this.policy = policy;
            this.policyCounters = policyCounters;
        }

        public String name() {
            return name;
        }

        public Policy policy() {
            return policy;
        }

        public Counters policyCounters() {
            return policyCounters;
        }

        public Builder policy(Policy newPolicy) {
            policy = newPolicy;
            return this;
        }

        public Builder policyCounters(Counters counters) {
            policyCounters = counters;
            return this;
        }

        /** Appends {@code rule} ({@code -A}). */
        public Builder append(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public Chain build() {
            return new Chain(name, policy, policyCounters, rules, policyCounted);
        }
    }
}
