package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A capture on every interface: what {@code tcpdump -i IFACE} in that namespace would see, both
 * directions, in order. A bridge device sees only what goes up to or comes down from its own stack,
 * not frames bridged between ports, exactly as tcpdump on docker0 does.
 *
 * <p>By default the frames are kept, for {@link #on}. After {@link #streamTo} each frame is written to its
 * interface's pcap file as it passes and nothing is kept, so a long replay's heap holds no history; the
 * encoding and writing run on a thread of their own ({@link CaptureStreamer}), and a write error surfaces at a
 * later frame or when the files are closed.
 *
 * <p>{@link #only} narrows the capture to some interfaces, as tcpdump is run on the ones one wants: a long replay
 * then writes (and pays for) only those files.
 */
public final class CaptureTaps {
    /** One interface's tap: its frames, or its open file. */
    private static final class Tap {
        final String node;
        final String iface;
        final String key;
        /** False for an interface left out by {@link #only}: its frames are passed over. */
        final boolean kept;
        /** In {@link #order}: it saw a frame (not only a promiscuous one). */
        boolean listed;
        final List<CapturedFrame> frames = new ArrayList<>();
        PcapWriter writer;

        Tap(String node, String iface, boolean kept) {
            this.node = node;
            this.iface = iface;
            this.key = node + ":" + iface;
            this.kept = kept;
        }
    }

    /** node name -> interface name -> tap; two lookups instead of building "node:iface" per frame. */
    private final Map<String, Map<String, Tap>> taps = new HashMap<>();
    private final List<Tap> order = new ArrayList<>();
    /**
     * Kept frames by node, across its interfaces in the order they were seen, the promiscuous-only ones among them:
     * the views of {@link #onNode} and {@link #onPromiscuous} are read from it.
     */
    private final Map<String, List<Seen>> byNode = new HashMap<>();

    /** A kept frame, and whether only a promiscuous capture sees it ({@link #recordPromiscuousOnly}). */
    private record Seen(CapturedFrame frame, boolean promiscuousOnly) {
    }
    /**
     * The taps found last, compared by the very name objects they were found by: a replay records ten frames
     * per SYN on five interfaces, whose names are the same String objects (the world's) every time, so most
     * frames find their tap here without hashing two names. A miss asks the maps.
     */
    private final Tap[] recent = new Tap[8];
    private int nextRecent;
    private Path dir;
    private long epochNanos;
    /** The interfaces captured ({@code node:iface}), null for all. */
    private Set<String> only;
    /** {@code only} is empty: nothing is captured, and no frame looks for its tap. */
    private boolean none;
    /** Encodes and writes the streamed frames on a thread of its own; made at the first streamed frame. */
    private CaptureStreamer streamer;

    /**
     * From now on writes each interface's frames to {@code DIR/<node>/<iface>.pcap} as they pass (what
     * {@link PcapExport#write} would write at the end) instead of keeping them; {@code epochNanos} is the wall
     * time the simulation's zero stands for. Call before the run; {@link PcapExport#write} closes the files.
     */
    public void streamTo(Path dir, long epochNanos) {
        if (!order.isEmpty()) {
            throw new IllegalStateException("streamTo must be called before any frame is captured");
        }
        this.dir = dir;
        this.epochNanos = epochNanos;
    }

    /**
     * From now on captures only the interfaces named in {@code keys} (each {@code node:iface}); an empty set captures
     * nothing. The names are not checked against a world here: the caller knows the world. Call before the run.
     */
    public void only(Set<String> keys) {
        if (!order.isEmpty()) {
            throw new IllegalStateException("only must be called before any frame is captured");
        }
        only = Set.copyOf(keys);
        none = only.isEmpty();
        // Taps made before (by a frame that no tap kept) would keep their old choice.
        taps.clear();
        java.util.Arrays.fill(recent, null);
    }

    /** The folder the captures are streamed to, null when they are kept in memory. */
    public Path streamedTo() {
        return dir;
    }

    void record(long now, String node, String iface, Direction direction, Packet frame) {
        if (none) {
            return;
        }
        Tap tap = tap(node, iface);
        if (!tap.kept) {
            return;
        }
        if (!tap.listed) {
            // Listed by its first frame; a bridge's promiscuous-only frames do not list it.
            tap.listed = true;
            order.add(tap);
        }
        if (dir == null) {
            CapturedFrame f = new CapturedFrame(now, node, iface, direction, frame);
            tap.frames.add(f);
            byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(new Seen(f, false));
            return;
        }
        if (tap.writer == null) {
            try {
                tap.writer = open(node, iface, linkTypeOf(frame));
            } catch (IOException e) {
                throw new UncheckedIOException("writing the capture of " + tap.key + " under " + dir + ": " + e, e);
            }
        }
        if (streamer == null) {
            streamer = new CaptureStreamer();
        }
        streamer.append(tap.writer, tap.key, epochNanos + now, frame);
    }

    /**
     * A frame only a promiscuous capture on {@code iface} sees (a bridge's view of what it bridged between its
     * ports); kept only with the frames in memory, never streamed: the replays' files are tcpdump -p's view, as the
     * kernel runs' captures are.
     */
    void recordPromiscuousOnly(long now, String node, String iface, Packet frame) {
        if (none || dir != null) {
            return;
        }
        Tap tap = tap(node, iface);
        if (tap.kept) {
            byNode.computeIfAbsent(node, k -> new ArrayList<>())
                    .add(new Seen(new CapturedFrame(now, node, iface, Direction.IN, frame), true));
        }
    }

    private Tap tap(String node, String iface) {
        for (Tap t : recent) {
            if (t != null && t.node == node && t.iface == iface) {
                return t;
            }
        }
        Map<String, Tap> ofNode = taps.get(node);
        if (ofNode == null) {
            ofNode = new HashMap<>();
            taps.put(node, ofNode);
        }
        Tap tap = ofNode.get(iface);
        if (tap == null) {
            tap = new Tap(node, iface, only == null || only.contains(node + ":" + iface));
            ofNode.put(iface, tap);
        }
        // Remembered with the name objects it was asked by (equal to the tap's own, maybe other objects).
        Tap seen = tap.node == node && tap.iface == iface ? tap : null;
        if (seen != null) {
            recent[nextRecent] = seen;
            nextRecent = (nextRecent + 1) % recent.length;
        }
        return tap;
    }

    /**
     * The link type of an interface's capture, told by its first frame: an interface sends and receives frames of
     * one kind, Ethernet, or raw IP datagrams on a device without a link layer (tcpdump -i tun0 writes LINKTYPE_RAW).
     */
    static int linkTypeOf(Packet firstFrame) {
        return firstFrame.ethernet() == null ? LinkType.RAW : LinkType.ETHERNET;
    }

    private PcapWriter open(String node, String iface, int linkType) throws IOException {
        Path file = dir.resolve(node).resolve(iface + ".pcap");
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file);
        try {
            return new PcapWriter(out, linkType, true, PcapWriter.DEFAULT_SNAP_LENGTH);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Closes the streamed files; returns how many there are. */
    int closeStreams() throws IOException {
        IOException failed = null;
        if (streamer != null) {
            // Every frame written before a file is closed; the files are closed even when a write failed.
            try {
                streamer.close();
            } catch (IOException e) {
                failed = e;
            }
        }
        for (Tap t : order) {
            if (t.writer != null) {
                try {
                    t.writer.close();
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return order.size();
    }

    /**
     * The frames seen on {@code node:iface}, oldest first; empty when nothing passed.
     *
     * @throws IllegalStateException when the captures are streamed to files instead
     */
    public List<CapturedFrame> on(String node, String iface) {
        requireKept();
        Map<String, Tap> ofNode = taps.get(node);
        Tap tap = ofNode == null ? null : ofNode.get(iface);
        return tap == null ? List.of() : List.copyOf(tap.frames);
    }

    /**
     * The frames a tcpdump in promiscuous mode (its default; {@link #on} is {@code tcpdump -p}'s view) saw on
     * {@code node:iface}: on a bridge also the frames it bridged between its ports, each after its way out of the
     * bridge began, as br_handle_frame_finish passes the copy up after br_forward or br_flood.
     *
     * @throws IllegalStateException when the captures are streamed to files instead
     */
    public List<CapturedFrame> onPromiscuous(String node, String iface) {
        requireKept();
        return byNode.getOrDefault(node, List.of()).stream().map(Seen::frame).filter(f -> f.iface().equals(iface))
                .toList();
    }

    /**
     * Every frame seen on any of {@code node}'s kept interfaces, in the order they were seen (not the promiscuous
     * ones: tcpdump -i any sets no interface promiscuous).
     *
     * @throws IllegalStateException when the captures are streamed to files instead
     */
    public List<CapturedFrame> onNode(String node) {
        requireKept();
        return byNode.getOrDefault(node, List.of()).stream().filter(s -> !s.promiscuousOnly()).map(Seen::frame)
                .toList();
    }

    private void requireKept() {
        if (dir != null) {
            throw new IllegalStateException("the captures are streamed to " + dir + ", not kept: read the files");
        }
    }

    /** Every captured interface that saw a frame, as {@code node:iface}, in the order they first saw one. */
    public List<String> interfaces() {
        List<String> keys = new ArrayList<>(order.size());
        for (Tap t : order) {
            keys.add(t.key);
        }
        return keys;
    }
}
