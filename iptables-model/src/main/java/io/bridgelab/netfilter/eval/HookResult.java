package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.RejectWith;

import java.util.List;

/**
 * The outcome of one hook: the verdict, the packet as it leaves (NAT and MARK applied), its conntrack
 * view (pass it to the next hook of the same packet), the trace, and for REJECT what answer the kernel
 * sends back (null otherwise).
 */
public record HookResult(Verdict verdict, Packet packet, Tracked tracked, List<TraceEvent> trace, RejectWith reject) {
    public HookResult {
        // The evaluator hands over a list it no longer touches; wrapping avoids a copy per packet. Null: a run
        // that recorded nothing (Netfilter.Detail.NONE).
        trace = trace == null || trace.isEmpty() ? List.of() : java.util.Collections.unmodifiableList(trace);
    }

    public boolean accepted() {
        return verdict == Verdict.ACCEPT;
    }
}
