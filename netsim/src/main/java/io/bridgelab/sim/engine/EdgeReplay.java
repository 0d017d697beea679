package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays what the edges of a world sent: from a capture taken on {@code node:iface} (both directions,
 * as tcpdump writes it) the frames that node sent itself (source MAC = the interface's) leave it at their
 * capture times, relative to the earliest frame of all captures, and cross the link. The edge
 * nodes are made passive, so the rest of the world reacts while the edges only listen.
 *
 * <p>The captures are streamed: {@link #schedule} checks them (link type, which frames count, whether
 * their timestamps are in order) without keeping frames, and the engine's clock then pulls each frame
 * from a k-way merge of the files when its time comes, so a replay of a million frames holds a handful.
 */
public final class EdgeReplay {
    /**
     * A capture of {@code node:iface}: with EMIT the frames the node sent (source MAC the interface's)
     * arrive at the far end of the link; with INJECT the frames that came in from the link (any other
     * source MAC) arrive at {@code node:iface} itself, and the node is not made passive.
     */
    public record Edge(Kind kind, String node, String iface, Path capture) {
        public Edge(String node, String iface, Path capture) {
            this(Kind.EMIT, node, iface, capture);
        }
    }

    /** Which frames of a capture are replayed, and where. */
    public enum Kind { EMIT, INJECT }

    /**
     * What {@link #schedule} scheduled: {@code frames} frames, the last of them at {@code lastNanos} on the
     * engine's clock (the engine's time when there are none), the engine's time then being capture time
     * {@code startNanos} (Long.MIN_VALUE when there are none).
     */
    public record Scheduled(int frames, long lastNanos, long startNanos) {
    }

    private EdgeReplay() {
    }

    /** The earliest capture time of any frame in these captures (Long.MAX_VALUE when all are empty). */
    public static long firstTime(List<Edge> edges) throws IOException {
        long first = Long.MAX_VALUE;
        for (Edge e : edges) {
            try (CaptureReader r = CaptureReader.open(e.capture())) {
                while (r.next()) {
                    first = Math.min(first, r.timestampNanos());
                }
            }
        }
        return first;
    }

    /**
     * Schedules the edges' frames and the local-output captures' packets (what a node's own programs sent, see
     * {@link LocalOutputReplay}) on one clock, whose zero is the earliest of them all; {@code frames} counts both.
     */
    public static Scheduled schedule(Engine engine, List<Edge> edges, List<LocalOutputReplay.Local> locals)
            throws IOException {
        if (locals.isEmpty()) {
            return schedule(engine, edges);
        }
        long start = firstTime(edges);
        List<LocalOutputReplay.Plan> plans = new ArrayList<>();
        for (LocalOutputReplay.Local local : locals) {
            LocalOutputReplay.Plan plan = LocalOutputReplay.plan(engine, local);
            start = Math.min(start, plan.firstTime());
            plans.add(plan);
        }
        if (start == Long.MAX_VALUE) {
            return new Scheduled(0, engine.now(), Long.MIN_VALUE);
        }
        long zero = engine.now();
        int packets = 0;
        long last = Long.MIN_VALUE;
        for (LocalOutputReplay.Plan plan : plans) {
            packets += plan.schedule(start);
            last = Math.max(last, plan.lastTime());
        }
        Scheduled frames = schedule(engine, edges, start);
        long lastNanos = last == Long.MIN_VALUE ? frames.lastNanos()
                : Math.max(frames.lastNanos(), zero + last - start);
        return new Scheduled(frames.frames() + packets, lastNanos, start);
    }

    /** Schedules the edges' frames into {@code engine} (not yet run) and makes the edge nodes passive. */
    public static Scheduled schedule(Engine engine, List<Edge> edges) throws IOException {
        return schedule(engine, edges, Long.MIN_VALUE);
    }

    /**
     * The same, with {@code startNanos} the capture time that is the simulation's zero (Long.MIN_VALUE:
     * the earliest frame of these captures), so that other replays can share the clock.
     */
    public static Scheduled schedule(Engine engine, List<Edge> edges, long startNanos) throws IOException {
        World world = engine.world();
        List<EdgeCursor> cursors = new ArrayList<>();
        int frames = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Edge e : edges) {
            NetInterface iface = world.node(e.node()).iface(e.iface());
            if (iface == null) {
                throw new IllegalArgumentException("node " + e.node() + " has no interface " + e.iface());
            }
            if (world.node(e.node()).isDown(e.iface())) {
                throw new IllegalArgumentException(e.node() + ":" + e.iface() + " is down: nothing crosses it, and"
                        + " tcpdump cannot capture there (That device is not up)");
            }
            if (iface instanceof OtherLink o && !o.linkLayer()) {
                throw new IllegalArgumentException(e.node() + ":" + e.iface() + " (" + o.kind() + ") has no link"
                        + " layer: replaying its raw IP capture is not supported");
            }
            boolean emit = e.kind() == Kind.EMIT;
            Endpoint far = emit ? World.peerOf(iface) : new Endpoint(e.node(), e.iface());
            if (far == null && !(iface instanceof Wire)) {
                throw new IllegalArgumentException(e.node() + ":" + e.iface() + " is not a veth or wire end");
            }
            if (emit) {
                engine.passive(e.node());
            }
            EdgeCursor cursor = EdgeCursor.check(e, iface.mac());
            if (cursor.count() > 0) {
                cursors.add(cursor);
                frames += cursor.count();
                first = Math.min(first, cursor.firstTime());
                last = Math.max(last, cursor.lastTime());
            }
        }
        if (frames == 0) {
            return new Scheduled(0, engine.now(), startNanos);
        }
        long start = startNanos == Long.MIN_VALUE ? first : startNanos;
        if (first < start) {
            throw new IOException("a frame at " + first + " ns precedes the replay's start " + start);
        }
        engine.events().feed(new Merge(engine, cursors, engine.now() - start));
        return new Scheduled(frames, last + engine.now() - start, start);
    }

    /**
     * The edges' frames in capture-time order, ties in the order of the edges and then of the files: what a
     * stable sort of all frames would give, one frame read ahead per file.
     */
    private static final class Merge implements EventQueue.Feed {
        private final Engine engine;
        private final List<EdgeCursor> cursors;
        private final String[] nodes;
        private final String[] ifaces;
        private final boolean[] emits;
        private final long offset;
        /**
         * The cursor due first and its frame's time (replay clock), found again only when a cursor moves: the event
         * loop asks a feed for its next time before every event, about ten per replayed SYN.
         */
        private int due;
        private long dueTime;

        Merge(Engine engine, List<EdgeCursor> cursors, long offset) throws IOException {
            this.engine = engine;
            this.cursors = cursors;
            this.offset = offset;
            nodes = new String[cursors.size()];
            ifaces = new String[cursors.size()];
            emits = new boolean[cursors.size()];
            for (int i = 0; i < cursors.size(); i++) {
                Edge e = cursors.get(i).edge();
                nodes[i] = e.node();
                ifaces[i] = e.iface();
                emits[i] = e.kind() == Kind.EMIT;
                cursors.get(i).start();
            }
            findDue();
        }

        /** Sets {@link #due} and {@link #dueTime}: the earliest cursor, the first one on a tie; -1 at the end. */
        private void findDue() {
            int best = -1;
            long t = Long.MAX_VALUE;
            for (int i = 0; i < cursors.size(); i++) {
                long c = cursors.get(i).time();
                if (c < t) {
                    t = c;
                    best = i;
                }
            }
            due = best;
            dueTime = best < 0 ? Long.MAX_VALUE : t + offset;
        }

        @Override
        public long nextTime() {
            return dueTime;
        }

        @Override
        public void runNext() {
            int i = due;
            EdgeCursor c = cursors.get(i);
            Packet frame = c.frame();
            try {
                c.advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            } finally {
                // Even after a read error: the merge then stands where the cursors stand.
                findDue();
            }
            // An emitted frame leaves the edge (its own capture shows it) and crosses the link; an injected
            // one arrives at the interface from its link.
            if (emits[i]) {
                engine.emit(nodes[i], ifaces[i], frame);
            } else {
                engine.inject(nodes[i], ifaces[i], frame);
            }
        }
    }
}
