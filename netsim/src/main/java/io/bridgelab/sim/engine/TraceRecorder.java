package io.bridgelab.sim.engine;

import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.TraceStep;

import java.util.ArrayList;
import java.util.List;

/** Collects the steps of every packet traced; packets are numbered from 1 as they are made or replayed. */
public final class TraceRecorder {
    private record Open(int number, String origin, String summary, List<TraceStep> steps) {
    }

    private final List<Open> packets = new ArrayList<>();

    /**
     * Starts the trace of packet {@code number} (as the engine counts its packets: a window of a replay's packets
     * starts past 1) and returns its index for {@link #add}.
     */
    public int open(int number, String origin, String summary) {
        packets.add(new Open(number, origin, summary, new ArrayList<>()));
        return packets.size() - 1;
    }

    public void add(int trace, TraceStep step) {
        packets.get(trace).steps().add(step);
    }

    /** The number of the packet traced at {@code index}. */
    public int number(int index) {
        return packets.get(index).number();
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
