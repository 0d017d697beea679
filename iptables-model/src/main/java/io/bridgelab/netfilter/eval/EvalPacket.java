package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.Packet;

/**
 * The mutable state of one packet while one hook runs (the kernel's skb and its nfct): targets such
 * as MARK change the packet, CT --notrack its conntrack view. Package-private scratch of one {@link Netfilter},
 * never shared; after a run it holds that run's outcome until the next one starts.
 */
final class EvalPacket {
    Packet packet;
    Tracked tracked;
    Hook hook;
    final HostView host;
    boolean explain;
    /** The conntrack zone a raw-table {@code -j CT --zone} chose (0 unless set). */
    int zone;
    /** The simulated time of this hook run, in nanoseconds (what a {@code -m limit} bucket fills by). */
    long nowNanos;

    EvalPacket(HostView host) {
        this.host = host;
    }

    /**
     * Starts a hook run for {@code packet}: the one scratch object of a {@link Netfilter} is reused for every
     * hook it runs (runs never overlap: the evaluator is single-threaded and calls nothing that runs another).
     */
    EvalPacket start(Packet packet, Tracked tracked, Hook hook, boolean explain, long nowNanos) {
        this.packet = packet;
        this.tracked = tracked;
        this.hook = hook;
        this.explain = explain;
        this.zone = 0;
        this.nowNanos = nowNanos;
        return this;
    }
}
