package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.FieldChange;
import io.bridgelab.sim.trace.TraceStep;

import java.util.List;

/** Where a stage meets a fragment it must see whole: the node's {@link Reassembly} queues, and the trace's account. */
public final class Defragment {
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
}
