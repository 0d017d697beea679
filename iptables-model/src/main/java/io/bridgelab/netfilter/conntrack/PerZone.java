package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.collect.ProbingMap;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link ProbingMap} per conntrack zone ({@code -j CT --zone}): a zone is a table of its own. Zone 0's map is at
 * hand, so the common case costs no lookup; another zone's is made when something is first put into it, and a
 * zone that was never written reads as an empty map (never written to).
 */
final class PerZone<K, V> {
    private final Supplier<ProbingMap<K, V>> maker;
    private final ProbingMap<K, V> zero;
    private final Map<Integer, ProbingMap<K, V>> others = new HashMap<>();
    /** What a zone that was never written holds: nothing. */
    private final ProbingMap<K, V> none;

    PerZone(Supplier<ProbingMap<K, V>> maker) {
        this.maker = maker;
        this.zero = maker.get();
        this.none = maker.get();
    }

    /** {@code zone}'s map, to look up or remove in: an empty one for a zone never written. */
    ProbingMap<K, V> reading(int zone) {
        if (zone == 0) {
            return zero;
        }
        ProbingMap<K, V> m = others.get(zone);
        return m == null ? none : m;
    }

    /** {@code zone}'s map, to put into: made at the zone's first put. */
    ProbingMap<K, V> writing(int zone) {
        return zone == 0 ? zero : others.computeIfAbsent(zone, z -> maker.get());
    }

    /** How many keys all zones' maps hold. */
    int size() {
        int n = zero.size();
        for (ProbingMap<K, V> m : others.values()) {
            n += m.size();
        }
        return n;
    }
}
