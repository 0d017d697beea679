package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;

import java.util.ArrayList;
import java.util.List;

/** The kernel's three packet paths as hook sequences; the caller plays the router (gives in/out interfaces). */
final class Paths {
    /** The end of a path: verdict, final packet and every hook's trace in order. */
    record Walk(Verdict verdict, Packet packet, Tracked tracked, List<TraceEvent> trace, List<HookResult> hooks) {
    }

    private Paths() {
    }

    static Walk forward(Netfilter nf, Packet packet, String in, String out, long now, boolean explain) {
        return forward(nf, packet, in, out, now, detail(explain));
    }

    static Walk forward(Netfilter nf, Packet packet, String in, String out, long now, Netfilter.Detail detail) {
        Packet p = packet.withMetadata(Metadata.NONE.withInInterface(in).withMark(packet.metadata().mark()));
        return run(nf, p, out, now, detail, Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING);
    }

    static Walk input(Netfilter nf, Packet packet, String in, long now, boolean explain) {
        return input(nf, packet, in, now, detail(explain));
    }

    static Walk input(Netfilter nf, Packet packet, String in, long now, Netfilter.Detail detail) {
        Packet p = packet.withMetadata(Metadata.NONE.withInInterface(in));
        return run(nf, p, null, now, detail, Hook.PREROUTING, Hook.INPUT);
    }

    static Walk output(Netfilter nf, Packet packet, String out, long now, boolean explain) {
        return output(nf, packet, out, now, detail(explain));
    }

    static Walk output(Netfilter nf, Packet packet, String out, long now, Netfilter.Detail detail) {
        Packet p = packet.withMetadata(Metadata.NONE.withOutInterface(out));
        return run(nf, p, out, now, detail, Hook.OUTPUT, Hook.POSTROUTING);
    }

    private static Netfilter.Detail detail(boolean explain) {
        return explain ? Netfilter.Detail.EXPLAIN : Netfilter.Detail.HITS;
    }

    /** The client's ACK of the Docker handshake, forwarded in through eth0. */
    static Walk walkAck(Netfilter nf) {
        return forward(nf, NetfilterTest.ack(), "eth0", "docker0", 2, false);
    }

    private static Walk run(Netfilter nf, Packet p, String out, long now, Netfilter.Detail detail, Hook... hooks) {
        List<TraceEvent> trace = new ArrayList<>();
        List<HookResult> results = new ArrayList<>();
        Tracked tracked = null;
        for (Hook h : hooks) {
            if (h == Hook.FORWARD || h == Hook.POSTROUTING) {
                p = p.withMetadata(p.metadata().withOutInterface(out));
            }
            HookResult r = nf.run(h, p, tracked, now, detail);
            results.add(r);
            trace.addAll(r.trace());
            if (!r.accepted()) {
                return new Walk(Verdict.DROP, r.packet(), r.tracked(), trace, results);
            }
            p = r.packet();
            tracked = r.tracked();
        }
        return new Walk(Verdict.ACCEPT, p, tracked, trace, results);
    }
}
