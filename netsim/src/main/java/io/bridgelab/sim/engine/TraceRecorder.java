package io.bridgelab.sim.engine;

import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.TraceStep;

import java.util.ArrayList;
import java.util.List;

/** Collects the steps of every packet of the exchange; packets are numbered from 1 as they are made. */
public final class TraceRecorder {
    private record Open(int number, String origin, String summary, List<TraceStep> steps) {
    }

    private final List<Open> packets = new ArrayList<>();

    /** Starts the trace of a new packet, numbered after the last, and returns its index for {@link #add}. */
    public int open(String origin, String summary) {
        return open(packets.size() + 1, origin, summary);
    }

    /** The same for packet {@code number} (a window of a replay's packets starts past 1). */
    public int open(int number, String origin, String summary) {
        packets.add(new Open(number, origin, summary, new ArrayList<>()));
        return packets.size() - 1;
    }

    public void add(int trace, TraceStep step) {
        packets.get(trace).steps().add(step);
    }

    public int size() {
        return packets.size();
    }

    public List<PacketTrace> traces() {
        List<PacketTrace> out = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            Open o = packets.get(i);
            out.add(new PacketTrace(o.number(), o.origin(), o.summary(), o.steps()));
        }
        return out;
    }
}
