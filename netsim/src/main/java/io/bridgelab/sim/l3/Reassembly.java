package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.Checksums;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One namespace's IPv4 reassembly queues ({@code ip_defrag}, net/ipv4/ip_fragment.c): fragments wait, keyed by
 * source, destination, ID and protocol, until the datagram is whole, which then goes on in place of the fragment
 * that completed it. The kernel keeps apart the queues of its defrag "users": conntrack's before PREROUTING
 * (nf_defrag_ipv4), br_netfilter's for bridged frames, and local delivery's for a namespace without conntrack.
 *
 * <p>As ip_frag_queue: a fragment lying wholly within bytes already queued is a duplicate (dropped, the queue kept);
 * one that overlaps them only in part, a last fragment that contradicts the known length, a fragment past a known
 * end, or an empty one discards the whole queue (RFC 5722, as Linux applies it to IPv4). A datagram longer than 65535
 * bytes is dropped. The whole datagram has the first fragment's header, offset 0 and no MF; DF only when the
 * largest fragment had DF ({@code max_df_size == max_size}); its {@code frag_max_size} (the largest fragment's
 * length) tells ip_fragment how to cut it again on the way out. A queue not complete within {@code ipfrag_time} is
 * dropped ({@link #expire}; ip_expire).
 */
public final class Reassembly {
    private static final int ETHERNET_HEADER = 14;
    private static final int MAX_DATAGRAM = 65535;

    /** The kernel's defrag users that keep separate queues. */
    public enum User {
        /** nf_defrag_ipv4 before conntrack in PREROUTING (IP_DEFRAG_CONNTRACK_IN). */
        CONNTRACK_IN("nf_defrag_ipv4"),
        /** The same for a bridged frame in br_netfilter's PREROUTING (IP_DEFRAG_CONNTRACK_BRIDGE_IN). */
        BRIDGE_IN("br_netfilter's nf_defrag_ipv4"),
        /** ip_local_deliver in a namespace without conntrack (IP_DEFRAG_LOCAL_DELIVER). */
        LOCAL_DELIVER("ip_local_deliver's ip_defrag");

        private final String text;

        User(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** What became of a fragment. */
    public sealed interface Outcome permits Whole, Held, Discarded {
        /** The kernel's words for it, for the trace. */
        String describe();
    }

    /**
     * The datagram is whole: {@code packet} (the first fragment's link header and the metadata of the fragment that
     * completed it), cut from {@code fragments} pieces of at most {@code maxSize} bytes, that waited in {@code queue}.
     */
    public record Whole(Packet packet, int fragments, int maxSize, long queue) implements Outcome {
        public String describe() {
            return "reassembled from " + fragments + " fragments into " + packet.ip().totalLength() + " bytes";
        }
    }

    /**
     * The fragment waits in its queue for the rest ({@code have} of the datagram's bytes after the header); the queue
     * is {@code queue}, which this fragment {@code opened}.
     */
    public record Held(int have, String of, long queue, boolean opened) implements Outcome {
        public String describe() {
            return "held for reassembly: " + have + " bytes of " + of + " queued";
        }
    }

    /** The fragment was dropped, and with it its queue ({@code queue}) unless {@code queueKept}. */
    public record Discarded(String why, boolean queueKept, long queue) implements Outcome {
        public String describe() {
            return why;
        }
    }

    private record Key(User user, Ipv4Address source, Ipv4Address destination, int id, int protocol) {
    }

    /** A fragment's bytes after its IP header, at {@code offset}..{@code end} of the datagram's. */
    private record Piece(int offset, int end, byte[] data) {
    }

    private static final class Queue {
        final long id;
        final Key key;
        final List<Piece> pieces = new ArrayList<>(); // in offset order, never overlapping
        Packet first; // the fragment at offset 0, once in
        int length; // the datagram's bytes after the header: known once the last fragment is in, else the end seen
        boolean lastIn;
        int maxSize;
        int maxDfSize;

        Queue(long id, Key key) {
            this.id = id;
            this.key = key;
        }
    }

    private final Map<Key, Queue> queues = new HashMap<>();
    // The same queues by id, for the expiry timer, which names a queue by its id.
    private final Map<Long, Queue> byId = new HashMap<>();
    private long nextQueue;

    /** Queues {@code fragment} (a packet with MF set or a non-zero offset) for {@code user}. */
    public Outcome add(User user, Packet fragment) {
        Ipv4Header h = fragment.ip();
        Key key = new Key(user, h.source(), h.destination(), h.identification(), h.protocol());
        Queue q = queues.get(key);
        boolean opened = q == null;
        if (opened) {
            q = new Queue(nextQueue++, key);
            queues.put(key, q);
            byId.put(q.id, q);
        }
        int offset = h.fragmentOffset() * 8;
        int end = offset + h.totalLength() - h.headerLength();
        if (!h.moreFragments()) {
            if (end < q.length || q.lastIn && end != q.length) {
                return discard(q, "a last fragment ending at " + end + " contradicts the " + q.length
                        + " bytes known: the queue is discarded");
            }
            q.lastIn = true;
            q.length = end;
        } else {
            end &= ~7; // a fragment but the last carries a multiple of 8 bytes; the kernel trims the rest
            if (end > q.length) {
                if (q.lastIn) {
                    return discard(q, "a fragment ends at " + end + ", past the datagram's end at " + q.length
                            + ": the queue is discarded");
                }
                q.length = end;
            }
        }
        if (end == offset) {
            return discard(q, "an empty fragment: the queue is discarded");
        }
        int at = 0;
        while (at < q.pieces.size() && q.pieces.get(at).offset() < offset) {
            at++;
        }
        if (within(q.pieces, offset, end)) {
            return new Discarded("a duplicate of bytes " + offset + "-" + end + " already queued: dropped, the queue"
                    + " kept", true, q.id);
        }
        if (at > 0 && q.pieces.get(at - 1).end() > offset || at < q.pieces.size() && q.pieces.get(at).offset() < end) {
            return discard(q, "bytes " + offset + "-" + end + " overlap fragments already queued: the queue is"
                    + " discarded (RFC 5722)");
        }
        byte[] ip = FrameEncoder.encode(new Packet(null, fragment.ipv4()));
        byte[] data = new byte[end - offset];
        System.arraycopy(ip, h.headerLength(), data, 0, data.length);
        q.pieces.add(at, new Piece(offset, end, data));
        if (offset == 0) {
            q.first = fragment;
        }
        q.maxSize = Math.max(q.maxSize, h.totalLength());
        if (h.dontFragment()) {
            q.maxDfSize = Math.max(q.maxDfSize, h.totalLength());
        }
        int have = 0;
        for (Piece p : q.pieces) {
            have += p.end() - p.offset();
        }
        if (!q.lastIn || q.first == null || have != q.length) {
            return new Held(have, q.lastIn ? q.length + " bytes" : "a datagram whose end has not come yet", q.id,
                    opened);
        }
        remove(q);
        int hlen = q.first.ip().headerLength();
        if (hlen + q.length > MAX_DATAGRAM) {
            return new Discarded("the datagram would be " + (hlen + q.length) + " bytes, more than 65535: dropped"
                    + " (\"Oversized IP packet\")", false, q.id);
        }
        return new Whole(whole(q, hlen, fragment), q.pieces.size(), q.maxSize, q.id);
    }

    /**
     * ip_expire: drops {@code queue} if it still waits (not completed or discarded since) and gives its first
     * fragment, which the kernel quotes in an ICMP "fragment reassembly time exceeded" when the datagram was for this
     * node; null when the queue is gone or its first fragment never came.
     */
    public Packet expire(long queue) {
        Queue q = byId.get(queue);
        if (q == null) {
            return null;
        }
        remove(q);
        return q.first;
    }

    private void remove(Queue q) {
        queues.remove(q.key);
        byId.remove(q.id);
    }

    /** Whether {@code offset..end} lies wholly within one run of consecutive queued pieces. */
    private static boolean within(List<Piece> pieces, int offset, int end) {
        int runStart = -1;
        int runEnd = -1;
        for (Piece p : pieces) {
            if (p.offset() != runEnd) {
                runStart = p.offset();
            }
            runEnd = p.end();
            if (offset >= runStart && end <= runEnd) {
                return true;
            }
        }
        return false;
    }

    private Discarded discard(Queue q, String why) {
        remove(q);
        return new Discarded(why, false, q.id);
    }

    /** The whole datagram: the first fragment's header, then every piece's bytes in order. */
    private static Packet whole(Queue q, int hlen, Packet completing) {
        byte[] first = FrameEncoder.encode(new Packet(null, q.first.ipv4()));
        byte[] frame = new byte[ETHERNET_HEADER + hlen + q.length];
        frame[12] = 0x08; // EtherType IPv4; the link header is the first fragment's
        System.arraycopy(first, 0, frame, ETHERNET_HEADER, hlen);
        for (Piece p : q.pieces) {
            System.arraycopy(p.data(), 0, frame, ETHERNET_HEADER + hlen + p.offset(), p.data().length);
        }
        int h = ETHERNET_HEADER;
        Fragmentation.put16(frame, h + 2, hlen + q.length);
        Fragmentation.put16(frame, h + 6, q.maxDfSize == q.maxSize ? 0x4000 : 0);
        Fragmentation.put16(frame, h + 10, 0);
        Fragmentation.put16(frame, h + 10, Checksums.fold(Checksums.sum(frame, h, hlen, 0)));
        Packet decoded = FrameDecoder.decodeEthernet(frame, 0, frame.length);
        return new Packet(q.first.ethernet(), decoded.network(), Bytes.EMPTY, completing.metadata());
    }

    /** How many datagrams wait for fragments (for tests and the trace). */
    public int waiting() {
        return queues.size();
    }
}
