package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.Packet;

/**
 * The mutable state of one packet while one hook runs (the kernel's skb and its nfct): targets such
 * as MARK change the packet, CT --notrack its conntrack view. Package-private scratch, never shared.
 */
final class EvalPacket {
    Packet packet;
    Tracked tracked;
    final Hook hook;
    final HostView host;
    final boolean explain;

    EvalPacket(Packet packet, Tracked tracked, Hook hook, HostView host, boolean explain) {
        this.packet = packet;
        this.tracked = tracked;
        this.hook = hook;
        this.host = host;
        this.explain = explain;
    }
}
