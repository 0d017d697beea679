package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.rule.LimitMatch;

/**
 * The token bucket of one {@code -m limit} of one rule, as nftables' {@code limit} expression keeps it (iptables-nft
 * hands {@code -m limit} to the kernel as that, see {@link LimitMatch}): tokens are nanoseconds of credit, a packet
 * costs one period ({@code unit / rate}), the bucket holds {@code burst} packets and starts full (nft_limit_init), and
 * it fills with the time that passed (nft_limit_eval). A packet finding less than its cost does not match and takes
 * nothing.
 */
final class LimitBucket {
    private final long cost;
    private final long max;
    private long tokens;
    private long last;

    LimitBucket(LimitMatch m) {
        long nsecs = m.nftUnitSeconds() * 1_000_000_000L;
        this.cost = nsecs / m.nftRate();
        this.max = cost * m.burst();
        this.tokens = max;
        this.last = Long.MIN_VALUE;
    }

    /** Whether a packet at {@code nowNanos} is within the rate; if so it takes its cost. */
    boolean take(long nowNanos) {
        // Full until first used: what the time since the rule was made added is capped at the bucket's size anyway.
        long t = last == Long.MIN_VALUE ? max : Math.min(max, tokens + (nowNanos - last));
        last = nowNanos;
        if (t >= cost) {
            tokens = t - cost;
            return true;
        }
        tokens = t;
        return false;
    }

    /** The credit left (ns), for an explanation. */
    long tokens() {
        return tokens;
    }

    long cost() {
        return cost;
    }
}
