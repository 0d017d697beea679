package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.DecodedFrame;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares an expected capture with an actual one: pairs packets by their {@link PairingKey} (the same packet
 * seen twice), then compares each pair field by field. Both captures stream through once, side by side; a
 * packet without a partner waits in a bounded window ({@link DiffOptions#window()}), so captures in the same
 * order need almost no memory and reordering within the window is tolerated.
 *
 * <pre>{@code
 * DiffReport r = CaptureComparison.compare(expected, actual, DiffOptions.DEFAULT.ignoring(DiffField.TS));
 * assertThat(r.same()).as(r.toString()).isTrue();
 * }</pre>
 */
public final class CaptureComparison {
    private final DiffOptions options;
    private final TranslationTable translations = new TranslationTable();
    private final FieldComparator comparator;
    private final Side expected = new Side();
    private final Side actual = new Side();
    private final List<ChangedPacket> changed = new ArrayList<>();
    private final List<PacketRef> missing = new ArrayList<>();
    private final List<PacketRef> extra = new ArrayList<>();
    private long matched;
    private long identical;
    private long changedCount;
    private long missingCount;
    private long extraCount;

    private CaptureComparison(DiffOptions options) {
        this.options = options;
        this.comparator = new FieldComparator(options, translations);
    }

    /** Compares two capture files (pcap or pcapng, any supported link type). */
    public static DiffReport compare(Path expected, Path actual, DiffOptions options) throws IOException {
        try (CaptureReader e = CaptureReader.open(expected, ReaderOptions.STRICT);
             CaptureReader a = CaptureReader.open(actual, ReaderOptions.STRICT)) {
            return compare(new PacketSource(e), new PacketSource(a), options);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Compares two in-memory packet lists (e.g. what a simulator emitted against a real capture's packets). */
    public static DiffReport compare(List<Packet> expected, List<Packet> actual, DiffOptions options) {
        return compare(wrap(expected), wrap(actual), options);
    }

    /** Compares two packet streams; timestamps are taken as given (relative to each stream's start). */
    public static DiffReport compare(Iterator<CapturedPacket> expected, Iterator<CapturedPacket> actual,
                                     DiffOptions options) {
        CaptureComparison c = new CaptureComparison(options);
        if (expected instanceof PacketSource e && actual instanceof PacketSource a) {
            c.runSources(e, a);
        } else {
            c.run(expected, actual);
        }
        return new DiffReport(options, c.expected.count, c.actual.count, c.matched, c.identical, c.changedCount,
                c.missingCount, c.extraCount, c.changed, c.missing, c.extra, c.translations.translations(),
                skippedRecords(expected), skippedRecords(actual));
    }

    private static long skippedRecords(Iterator<CapturedPacket> packets) {
        return packets instanceof PacketSource s ? s.skippedRecords() : 0;
    }

    private static Iterator<CapturedPacket> wrap(List<Packet> packets) {
        List<CapturedPacket> out = new ArrayList<>(packets.size());
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            out.add(CapturedPacket.of(i + 1, 0, new DecodedFrame(LinkType.ETHERNET, null, p)));
        }
        return out.iterator();
    }

    private void run(Iterator<CapturedPacket> e, Iterator<CapturedPacket> a) {
        while (e.hasNext() || a.hasNext()) {
            step(e.hasNext() ? e.next() : null, a.hasNext() ? a.next() : null);
        }
        expected.drain(p -> unpaired(p, true));
        actual.drain(p -> unpaired(p, false));
    }

    /** One packet from each side (either may be null at the end of its capture). */
    private void step(CapturedPacket pe, CapturedPacket pa) {
        if (pe != null) {
            expected.count++;
        }
        if (pa != null) {
            actual.count++;
        }
        if (pe != null && pa != null && expected.unmatched == 0 && actual.unmatched == 0) {
            // Fast path: the same frame on both sides needs no key (equal frames have equal keys).
            if (pe.frame() != null && pe.frame().equals(pa.frame())) {
                pairEqualFrames(pe, pa);
                return;
            }
            long ke = PairingKey.of(pe, options);
            long ka = PairingKey.of(pa, options);
            // In-step captures pair without touching the waiting maps.
            if (ke == ka) {
                pair(pe, pa);
                return;
            }
            offer(pe, ke, expected, actual, true);
            offer(pa, ka, actual, expected, false);
            return;
        }
        if (pe != null) {
            offer(pe, PairingKey.of(pe, options), expected, actual, true);
        }
        if (pa != null) {
            offer(pa, PairingKey.of(pa, options), actual, expected, false);
        }
    }

    /**
     * The same walk over two capture files, with a byte-level fast path: while nothing waits, records with
     * equal bytes (and time, unless ignored) are identical pairs without being decoded.
     */
    private void runSources(PacketSource e, PacketSource a) {
        boolean ignoreTs = options.ignores(DiffField.TS);
        while (true) {
            boolean he = e.advance();
            boolean ha = a.advance();
            if (!he && !ha) {
                break;
            }
            if (he && ha && expected.unmatched == 0 && actual.unmatched == 0 && e.sameRecordAs(a)
                    && (ignoreTs || e.relativeNanos() == a.relativeNanos())) {
                expected.count++;
                actual.count++;
                matched++;
                identical++;
                continue;
            }
            step(he ? e.current() : null, ha ? a.current() : null);
        }
        expected.drain(p -> unpaired(p, true));
        actual.drain(p -> unpaired(p, false));
    }

    /** Pairs {@code p} with the oldest waiting packet of the other side under the same key, or lets it wait. */
    private void offer(CapturedPacket p, long key, Side own, Side other, boolean isExpected) {
        CapturedPacket partner = other.take(key);
        if (partner != null) {
            if (isExpected) {
                pair(p, partner);
            } else {
                pair(partner, p);
            }
            return;
        }
        own.add(key, p);
        while (own.unmatched > options.window()) {
            unpaired(own.evictOldest(), isExpected);
        }
    }

    private void pairEqualFrames(CapturedPacket e, CapturedPacket a) {
        if (options.ignores(DiffField.TS) || e.timestampNanos() == a.timestampNanos()) {
            matched++;
            identical++;
        } else {
            pair(e, a);
        }
    }

    private void pair(CapturedPacket e, CapturedPacket a) {
        matched++;
        boolean sameTime = options.ignores(DiffField.TS) || e.timestampNanos() == a.timestampNanos();
        if (sameTime && e.frame() != null && a.frame() != null && e.frame().equals(a.frame())) {
            identical++;
            return;
        }
        List<FieldChange> changes = comparator.compare(e, a);
        if (changes.isEmpty()) {
            identical++;
            return;
        }
        changedCount++;
        if (changed.size() < options.maxDetails()) {
            changed.add(new ChangedPacket(PacketRef.of(e), PacketRef.of(a), changes));
        }
    }

    private void unpaired(CapturedPacket p, boolean isExpected) {
        if (isExpected) {
            missingCount++;
            if (missing.size() < options.maxDetails()) {
                missing.add(PacketRef.of(p));
            }
        } else {
            extraCount++;
            if (extra.size() < options.maxDetails()) {
                extra.add(PacketRef.of(p));
            }
        }
    }

    /** Packets of one side waiting for a partner: by key (oldest first) and in arrival order. */
    private static final class Side {
        private static final class Waiting {
            final CapturedPacket packet;
            final long key;
            boolean paired;

            Waiting(CapturedPacket packet, long key) {
                this.packet = packet;
                this.key = key;
            }
        }

        final Map<Long, ArrayDeque<Waiting>> byKey = new HashMap<>();
        final ArrayDeque<Waiting> order = new ArrayDeque<>();
        long count;
        int unmatched;

        void add(long key, CapturedPacket p) {
            Waiting w = new Waiting(p, key);
            byKey.computeIfAbsent(key, k -> new ArrayDeque<>(2)).addLast(w);
            order.addLast(w);
            unmatched++;
            while (!order.isEmpty() && order.peekFirst().paired) {
                order.pollFirst();
            }
        }

        CapturedPacket take(long key) {
            if (unmatched == 0) {
                return null;
            }
            ArrayDeque<Waiting> q = byKey.get(key);
            if (q == null) {
                return null;
            }
            Waiting w = q.pollFirst();
            if (q.isEmpty()) {
                byKey.remove(key);
            }
            w.paired = true;
            unmatched--;
            return w.packet;
        }

        CapturedPacket evictOldest() {
            Waiting w = order.pollFirst();
            while (w.paired) {
                w = order.pollFirst();
            }
            ArrayDeque<Waiting> q = byKey.get(w.key);
            q.pollFirst();
            if (q.isEmpty()) {
                byKey.remove(w.key);
            }
            unmatched--;
            return w.packet;
        }

        void drain(java.util.function.Consumer<CapturedPacket> sink) {
            for (Waiting w : order) {
                if (!w.paired) {
                    sink.accept(w.packet);
                }
            }
            order.clear();
            byKey.clear();
            unmatched = 0;
        }
    }
}
