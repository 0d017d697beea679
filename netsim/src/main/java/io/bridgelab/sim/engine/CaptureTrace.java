package io.bridgelab.sim.engine;

import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A replay whose packets are traced: {@code netsim trace --emit/--inject} explains what a world does with the frames
 * of real captures, step by step, as {@link Simulation} does for a made-up exchange. The frames are scheduled and
 * played exactly as {@link EdgeReplay} plays them for {@code netsim replay} (the edges only listen, the world's
 * kernels answer), with every packet's steps recorded, the replayed frames' and the ones the world makes in answer,
 * in a window of packets: before and after it the captures still run, untraced, so a long capture is explained
 * where the user looks without keeping the steps of every frame.
 */
public final class CaptureTrace {
    private final Engine engine;
    private final List<EdgeReplay.Edge> edges;
    private final List<LocalOutputReplay.Local> locals;

    /**
     * @param locals   the local-output captures of nodes' own programs ({@link LocalOutputReplay}), if any
     * @param first    the number of the first packet to trace (1: from the start)
     * @param packets  how many packets to trace at most
     * @param captures keep every interface's capture in memory (for commands run afterwards, such as tcpdump); a
     *                 trace alone needs none
     */
    public CaptureTrace(World world, NetfilterStage netfilter, List<EdgeReplay.Edge> edges,
                        List<LocalOutputReplay.Local> locals, int first, int packets, boolean captures) {
        if (edges.isEmpty() && locals.isEmpty()) {
            throw new IllegalArgumentException("no capture to replay");
        }
        this.engine = new Engine(world, netfilter, Integer.MAX_VALUE, true);
        this.edges = List.copyOf(edges);
        this.locals = List.copyOf(locals);
        engine.limitTraces(first, packets);
        if (!captures) {
            engine.captures().only(Set.of());
        }
    }

    /** Plays the captures to the end and returns the trace of the packets followed. */
    public Trace run(String scenario) throws IOException {
        return run(scenario, 0);
    }

    /**
     * The same, with the clock kept running {@code lingerNanos} past the last replayed frame, so that the kernels'
     * timers due by then fire (see {@link Engine#runUntil}); 0: the replay ends when the last frame's consequences
     * have run.
     */
    public Trace run(String scenario, long lingerNanos) throws IOException {
        EdgeReplay.Scheduled scheduled = EdgeReplay.schedule(engine, edges, locals);
        engine.run();
        if (lingerNanos > 0) {
            engine.runUntil(scheduled.lastNanos() + lingerNanos);
        }
        List<PacketTrace> traces = engine.traces();
        return new Trace(scenario, describe(edges, locals, scheduled.frames()), traces,
                Trace.replayDispositionOf(traces, engine.untracedBefore(), engine.untracedAfter()),
                Trace.caveatsOf(engine.world(), traces));
    }

    public Engine engine() {
        return engine;
    }

    /** The trace's flow line: which captures, how many frames. */
    static String describe(List<EdgeReplay.Edge> edges, List<LocalOutputReplay.Local> locals, int frames) {
        List<String> sources = new ArrayList<>();
        for (EdgeReplay.Edge e : edges) {
            sources.add((e.kind() == EdgeReplay.Kind.EMIT ? "what " + e.node() + " sent out of " + e.iface()
                    : "what arrived on " + e.node() + ":" + e.iface()) + " (" + e.capture().getFileName() + ")");
        }
        for (LocalOutputReplay.Local l : locals) {
            sources.add("what " + l.node() + "'s programs sent (" + l.capture().getFileName() + ")");
        }
        StringBuilder b = new StringBuilder().append(frames).append(frames == 1 ? " frame" : " frames")
                .append(" replayed from ");
        for (int i = 0; i < sources.size(); i++) {
            b.append(i == 0 ? "" : i == sources.size() - 1 ? " and " : ", ").append(sources.get(i));
        }
        return b.toString();
    }
}
