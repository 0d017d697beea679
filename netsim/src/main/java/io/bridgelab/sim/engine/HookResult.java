package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;

/**
 * A hook's outcome: the packet goes on (maybe rewritten by NAT) or is dropped, and why.
 *
 * @param conntrack the evaluator's own view of the packet's connection, handed back to it at the next
 *                  hook the same packet meets in the same namespace (null when it keeps none)
 */
public record HookResult(boolean accepted, Packet packet, String dropCause, Object conntrack) {
    public static HookResult accept(Packet packet, Object conntrack) {
        return new HookResult(true, packet, null, conntrack);
    }

    public static HookResult drop(Packet packet, String cause) {
        return new HookResult(false, packet, cause, null);
    }
}
