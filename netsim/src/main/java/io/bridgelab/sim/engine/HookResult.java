package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.RejectWith;

/**
 * A hook's outcome: the packet goes on (maybe rewritten by NAT) or is dropped, and why.
 *
 * @param conntrack the evaluator's own view of the packet's connection, handed back to it at the next
 *                  hook the same packet meets in the same namespace (null when it keeps none); after a REJECT,
 *                  the view its answer goes out with (attached to the rejected packet's connection), or null
 * @param reject    what a REJECT rule answers the dropped packet with; null when it was accepted or just dropped
 */
public record HookResult(boolean accepted, Packet packet, String dropCause, Object conntrack, RejectWith reject) {
    public static HookResult accept(Packet packet, Object conntrack) {
        return new HookResult(true, packet, null, conntrack, null);
    }

    public static HookResult drop(Packet packet, String cause) {
        return new HookResult(false, packet, cause, null, null);
    }

    /** Dropped by a REJECT rule, which answers with {@code with}; {@code answerConntrack}: see {@link #conntrack}. */
    public static HookResult reject(Packet packet, String cause, RejectWith with, Object answerConntrack) {
        return new HookResult(false, packet, cause, answerConntrack, with);
    }
}
