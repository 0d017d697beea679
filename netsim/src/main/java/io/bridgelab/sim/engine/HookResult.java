package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;

/** A hook's outcome: the packet goes on (maybe rewritten by NAT) or is dropped, and why. */
public record HookResult(boolean accepted, Packet packet, String dropCause) {
    public static HookResult accept(Packet packet) {
        return new HookResult(true, packet, null);
    }

    public static HookResult drop(Packet packet, String cause) {
        return new HookResult(false, packet, cause);
    }
}
