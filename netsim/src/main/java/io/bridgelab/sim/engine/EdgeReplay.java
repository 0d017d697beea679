package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays what the edges of a world sent: from a capture taken on {@code node:iface} (both directions,
 * as tcpdump writes it) the frames that node sent itself (source MAC = the interface's) leave it at their
 * capture times, relative to the earliest frame of all captures, and cross the link. The edge
 * nodes are made passive, so the rest of the world reacts while the edges only listen.
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

    private record Timed(long time, NetInterface iface, String node, Packet frame, boolean emit) {
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

    /** Schedules the edges' frames into {@code engine} (not yet run) and makes the edge nodes passive. */
    public static int schedule(Engine engine, List<Edge> edges) throws IOException {
        return schedule(engine, edges, Long.MIN_VALUE);
    }

    /**
     * The same, with {@code startNanos} the capture time that is the simulation's zero (Long.MIN_VALUE:
     * the earliest frame of these captures), so that other replays can share the clock.
     */
    public static int schedule(Engine engine, List<Edge> edges, long startNanos) throws IOException {
        World world = engine.world();
        List<Timed> frames = new ArrayList<>();
        for (Edge e : edges) {
            NetInterface iface = world.node(e.node()).iface(e.iface());
            if (iface == null) {
                throw new IllegalArgumentException("node " + e.node() + " has no interface " + e.iface());
            }
            boolean emit = e.kind() == Kind.EMIT;
            Endpoint far = emit ? World.peerOf(iface) : new Endpoint(e.node(), e.iface());
            if (far == null) {
                throw new IllegalArgumentException(e.node() + ":" + e.iface() + " is not a veth or wire end");
            }
            if (emit) {
                engine.passive(e.node());
            }
            try (CaptureReader r = CaptureReader.open(e.capture())) {
                while (r.next()) {
                    if (r.linkType() != LinkType.ETHERNET) {
                        throw new IOException(e.capture() + ": link type " + LinkType.name(r.linkType())
                                + ", want Ethernet (tcpdump -i IFACE, not -i any)");
                    }
                    Packet frame = FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength());
                    if (frame.ethernet().source().equals(iface.mac()) == emit) {
                        frames.add(new Timed(r.timestampNanos(), iface, e.node(), frame, emit));
                    }
                }
            }
        }
        if (frames.isEmpty()) {
            return 0;
        }

        frames.sort((a, b) -> Long.compare(a.time(), b.time()));
        long start = startNanos == Long.MIN_VALUE ? frames.get(0).time() : startNanos;
        if (frames.get(0).time() < start) {
            throw new IOException("a frame at " + frames.get(0).time() + " ns precedes the replay's start " + start);
        }
        for (Timed t : frames) {
            // An emitted frame leaves the edge (its own capture shows it) and crosses the link; an injected
            // one arrives at the interface from its link.
            engine.events().at(engine.now() + t.time() - start, t.emit()
                    ? () -> engine.emit(t.node(), t.iface().name(), t.frame())
                    : () -> engine.inject(t.node(), t.iface().name(), t.frame()));
        }
        return frames.size();
    }
}
