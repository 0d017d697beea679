package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
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
                engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("fragment",
                        "bytes " + offset + "-" + end, "held")), user.text() + ": " + held.describe()));
            }
            return null;
        }
        engine.step(trace, new TraceStep.Dropped(n.name(), user.text() + ": " + outcome.describe()));
        return null;
    }

    /**
     * ip_expire, net.ipv4.ipfrag_time after the queue opened: the fragments are dropped, and when the first of them
     * came and the datagram was for this node its sender gets ICMP "fragment reassembly time exceeded" quoting it
     * (measured: none for a datagram the node would have forwarded or bridged).
     */
    private static void expire(Engine engine, NodeRuntime n, long queue) {
        Packet first = n.reassembly().expire(queue);
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
