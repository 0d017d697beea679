package io.bridgelab.netfilter.rule;

/**
 * What a rule does when it matches ({@code -j NAME ...} or {@code -g CHAIN}). Terminal verdicts,
 * chain jumps, NAT bindings and the non-terminating targets (LOG, MARK, ...) are one sealed family so
 * that an evaluator's {@code switch} must name every one.
 */
public sealed interface Target permits Accept, Drop, Return, Jump, Goto, Reject, Log, Dnat, Snat, Masquerade,
        Redirect, MarkTarget, ConnmarkTarget, ChecksumTarget, CtTarget, Trace, TcpmssTarget {

    /** The name after {@code -j} (for a jump or goto, the chain's name). */
    String name();
}
