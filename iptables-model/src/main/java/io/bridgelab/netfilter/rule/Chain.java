package io.bridgelab.netfilter.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain: built-in chains have a policy and policy counters; user chains have neither (policy null,
 * printed as {@code -} by iptables-save).
 */
public record Chain(String name, Policy policy, Counters policyCounters, List<Rule> rules) {
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
        return new Chain(name, policy, policyCounters, newRules);
    }

    public Chain withPolicyCounters(Counters counters) {
        return new Chain(name, policy, counters, rules);
    }

    /** A copy with {@code rule} appended ({@code -A}). */
    public Chain append(Rule rule) {
        List<Rule> copy = new ArrayList<>(rules);
        copy.add(rule);
        return withRules(copy);
    }
}
