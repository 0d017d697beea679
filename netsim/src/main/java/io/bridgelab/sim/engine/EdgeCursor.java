package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecodeException;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One edge capture's replayed frames, read one ahead: the frames whose source MAC is the interface's (emit)
 * or is not (inject), in capture-time order. {@link #check} reads the file once without keeping frames
 * (link type, count, first time, whether timestamps ever go back); a file in order is then streamed, one
 * that is not (tcpdump can write a frame stamped before the previous one) is decoded and sorted in memory,
 * stably, as the whole replay used to be.
 */
final class EdgeCursor {
    private record Timed(long time, Packet frame) {
    }

    private final EdgeReplay.Edge edge;
    private final MacAddress mac;
    private final boolean emit;
    private int count;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private boolean ordered = true;
    private CaptureReader reader;
    private List<Timed> sorted;
    private int index;
    private long time = Long.MAX_VALUE;
    private Packet frame;

    private EdgeCursor(EdgeReplay.Edge edge, MacAddress mac) {
        this.edge = edge;
        this.mac = mac;
        this.emit = edge.kind() == EdgeReplay.Kind.EMIT;
    }

    /** Reads {@code edge}'s capture once, checking it; {@code mac} is the edge interface's. */
    static EdgeCursor check(EdgeReplay.Edge edge, MacAddress mac) throws IOException {
        EdgeCursor c = new EdgeCursor(edge, mac);
        long previous = Long.MIN_VALUE;
        int iface = -1;
        try (CaptureReader r = CaptureReader.open(edge.capture())) {
            while (r.next()) {
                if (iface < 0) {
                    iface = r.interfaceIndex();
                } else if (r.interfaceIndex() != iface) {
                    // A pcapng capture of several interfaces (dumpcap -i A -i B): their frames are not one link's.
                    throw new IllegalArgumentException(edge.capture() + ": frames of more than one interface ("
                            + name(r, iface) + " and " + name(r, r.interfaceIndex()) + ", the record at byte "
                            + r.recordOffset() + "); a replay takes one interface's capture for each --emit or"
                            + " --inject: split it (tshark -r FILE -Y 'frame.interface_id == N' -w ONE.pcapng)");
                }
                if (c.replayed(r)) {
                    long t = r.timestampNanos();
                    c.ordered &= t >= previous;
                    previous = t;
                    c.firstTime = Math.min(c.firstTime, t);
                    c.lastTime = Math.max(c.lastTime, t);
                    c.count++;
                }
            }
        } catch (IOException e) {
            throw c.named(e);
        }
        return c;
    }

    /** A pcapng interface as its file names it: {@code #1 (docker0)}, or its number alone. */
    private static String name(CaptureReader r, int index) {
        String name = index < r.interfaces().size() ? r.interfaces().get(index).name() : null;
        return "#" + index + (name == null || name.isEmpty() ? "" : " (" + name + ")");
    }

    EdgeReplay.Edge edge() {
        return edge;
    }

    int count() {
        return count;
    }

    long firstTime() {
        return firstTime;
    }

    long lastTime() {
        return lastTime;
    }

    /** Opens the capture for the replay and reads its first replayed frame. */
    void start() throws IOException {
        try {
            open();
        } catch (IOException e) {
            throw named(e);
        }
        advance();
    }

    private void open() throws IOException {
        if (ordered) {
            reader = CaptureReader.open(edge.capture());
        } else {
            sorted = new ArrayList<>(count);
            try (CaptureReader r = CaptureReader.open(edge.capture())) {
                while (r.next()) {
                    if (replayed(r)) {
                        sorted.add(new Timed(r.timestampNanos(), decode(r)));
                    }
                }
            }
            sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
        }
    }

    /** The current frame's capture time, Long.MAX_VALUE when the capture is used up. */
    long time() {
        return time;
    }

    Packet frame() {
        return frame;
    }

    /** Moves to the next replayed frame. */
    void advance() throws IOException {
        if (sorted != null) {
            if (index < sorted.size()) {
                Timed t = sorted.get(index++);
                time = t.time();
                frame = t.frame();
            } else {
                end();
            }
            return;
        }
        try {
            while (reader != null && reader.next()) {
                if (replayed(reader)) {
                    time = reader.timestampNanos();
                    frame = decode(reader);
                    return;
                }
            }
        } catch (IOException e) {
            throw named(e);
        }
        end();
    }

    private void end() throws IOException {
        time = Long.MAX_VALUE;
        frame = null;
        sorted = null;
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /**
     * The reader's error with the capture it is about: a replay reads several files, and the reader's own
     * messages ({@code at byte 82: truncated record ...}) say where in a file but not which.
     */
    private IOException named(IOException e) {
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        return new IOException(edge.capture() + ": " + what, e);
    }

    private boolean replayed(CaptureReader r) {
        if (r.linkType() != LinkType.ETHERNET) {
            // Bad input, as a frame that does not decode: an IllegalArgumentException that names the file itself.
            throw new IllegalArgumentException(edge.capture() + ": link type " + LinkType.name(r.linkType())
                    + ", want Ethernet (tcpdump -i IFACE, not -i any)");
        }
        if (r.capturedLength() < 14) {
            decode(r); // throws the decoder's own error for a frame too short for its header
        }
        return (MacAddress.readBits(r.buffer(), r.dataOffset() + 6) == mac.bits()) == emit;
    }

    private Packet decode(CaptureReader r) {
        try {
            return FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength());
        } catch (FrameDecodeException e) {
            throw new IllegalArgumentException(edge.capture() + ", record at byte " + r.recordOffset() + ": "
                    + e.getMessage(), e);
        }
    }
}
