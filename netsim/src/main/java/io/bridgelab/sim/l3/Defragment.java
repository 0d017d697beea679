package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.DropExplainer;
import io.bridgelab.sim.trace.FieldChange;
import io.bridgelab.sim.trace.TraceStep;

import java.util.List;

/** Where a stage meets a fragment it must see whole: the node's {@link Reassembly} queues, and the trace's account. */
public final class Defragment {
    /** ICMP time exceeded's code for "fragment reassembly time exceeded". */
    private static final int FRAGMENT_REASSEMBLY_TIME = 1;

    private Defragment() {
    }

    /**
     * Queues {@code fragment} for {@code user}: the whole datagram, marked with its largest fragment's length
     * ({@code frag_max_size}) when this fragment completed it, else null (the fragment waits, or was dropped), which
     * the trace says.
     */
    public static Packet whole(Engine engine, NodeRuntime n, Packet fragment, Reassembly.User user, int trace) {
        Reassembly.Outcome outcome = n.reassembly().add(user, fragment);
        if (outcome instanceof Reassembly.Whole w) {
            if (engine.tracing()) {
                engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("length",
                        Integer.toString(fragment.ip().totalLength()), Integer.toString(w.packet().ip().totalLength()))),
                        user.text() + ": " + w.describe()));
                for (int held : others(n, w.queue(), trace)) {
                    engine.step(held, new TraceStep.Transformed(n.name(), List.of(new FieldChange(
                            FieldChange.FRAGMENT, FieldChange.HELD, FieldChange.REASSEMBLED)), user.text() + ": its datagram is whole with packet #"
                            + engine.packetNumber(trace) + "'s fragment and goes on there"));
                }
            }
            return w.packet().withMetadata(w.packet().metadata().withFragMaxSize(w.maxSize()));
        }
        if (outcome instanceof Reassembly.Held held) {
            if (held.opened()) {
                long timeout = n.node().sysctls().ipfragTimeSeconds() * 1_000_000_000L;
                engine.events().timer(timeout, () -> expire(engine, n, held.queue()));
            }
            if (engine.tracing()) {
                int offset = fragment.ip().fragmentOffset() * 8;
                int end = offset + fragment.ip().totalLength() - fragment.ip().headerLength();
                engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange(FieldChange.FRAGMENT,
                        "bytes " + offset + "-" + end, FieldChange.HELD)), user.text() + ": " + held.describe()));
                if (trace >= 0 && !n.heldTraces(held.queue()).contains(trace)) {
                    n.heldTraces(held.queue()).add(trace);
                }
            }
            return null;
        }
        engine.step(trace, new TraceStep.Dropped(n.name(), user.text() + ": " + outcome.describe()));
        if (engine.tracing() && outcome instanceof Reassembly.Discarded d && !d.queueKept()) {
            for (int held : others(n, d.queue(), trace)) {
                engine.step(held, new TraceStep.Dropped(n.name(), user.text() + DropExplainer.QUEUE_DISCARDED
                        + engine.packetNumber(trace) + "'s fragment: " + d.why()));
            }
        }
        return null;
    }

    /** The traces of the fragments held in {@code queue} but {@code trace}'s own (a trace of every fragment). */
    private static List<Integer> others(NodeRuntime n, long queue, int trace) {
        return n.releaseHeldTraces(queue).stream().filter(t -> t != trace).toList();
    }

    /**
     * ip_expire, net.ipv4.ipfrag_time after the queue opened: the fragments are dropped, and when the first of them
     * came and the datagram was for this node its sender gets ICMP "fragment reassembly time exceeded" quoting it
     * (measured: none for a datagram the node would have forwarded or bridged).
     */
    private static void expire(Engine engine, NodeRuntime n, long queue) {
        Packet first = n.reassembly().expire(queue);
        if (engine.tracing()) {
            for (int held : n.releaseHeldTraces(queue)) {
                engine.step(held, new TraceStep.Dropped(n.name(), DropExplainer.IP_EXPIRE + "the rest of its datagram"
                        + " did not come within net.ipv4.ipfrag_time=" + n.node().sysctls().ipfragTimeSeconds()
                        + " s: the queue's fragments are dropped"));
            }
        }
        if (first == null || !n.routes().isLocal(first.ip().destination())) {
            return;
        }
        if (IcmpSend.refusal(n, first, true, IcmpMessage.TIME_EXCEEDED, FRAGMENT_REASSEMBLY_TIME, engine.now()) != null) {
            return;
        }
        IcmpSend.send(engine, n, first, true, IcmpMessage.TIME_EXCEEDED, FRAGMENT_REASSEMBLY_TIME, null,
                "kernel (ICMP fragment reassembly time exceeded: the rest of datagram " + first.ip().identification()
                        + " did not come within net.ipv4.ipfrag_time=" + n.node().sysctls().ipfragTimeSeconds() + " s)");
    }
}
