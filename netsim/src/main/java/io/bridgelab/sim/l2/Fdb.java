package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.HashMap;
import java.util.Map;

/**
 * A bridge's forwarding database: MAC to port, learned from source addresses and forgotten after the
 * ageing time without traffic from that MAC; local entries (the bridge's and its ports' own MACs)
 * never age, as {@code brctl showmacs} marks them "is local".
 */
public final class Fdb {
    /** One entry; {@code port} is the bridge's own name for local entries of the bridge device. */
    public record Entry(MacAddress mac, String port, boolean local, long lastSeenNanos) {
    }

    private final long ageingNanos;
    private final Map<MacAddress, Entry> entries = new HashMap<>();

    public Fdb(int ageingSeconds) {
        this.ageingNanos = ageingSeconds * 1_000_000_000L;
    }

    public void addLocal(MacAddress mac, String port) {
        entries.put(mac, new Entry(mac, port, true, 0));
    }

    /**
     * Learns {@code mac} behind {@code port}. Returns true when this created or moved an entry,
     * false when it only refreshed one; local entries are never overwritten (the kernel warns and keeps them).
     */
    public boolean learn(MacAddress mac, String port, long now) {
        Entry old = entries.get(mac);
        if (old != null && old.local()) {
            return false;
        }
        entries.put(mac, new Entry(mac, port, false, now));
        return old == null || !old.port().equals(port) || expired(old, now);
    }

    /** The live entry for {@code mac}, or null when unknown or aged out. */
    public Entry lookup(MacAddress mac, long now) {
        Entry e = entries.get(mac);
        if (e == null || expired(e, now)) {
            return null;
        }
        return e;
    }

    private boolean expired(Entry e, long now) {
        return !e.local() && now - e.lastSeenNanos() > ageingNanos;
    }

    /** Live entries, for {@code brctl showmacs}. */
    public Map<MacAddress, Entry> entries(long now) {
        Map<MacAddress, Entry> live = new HashMap<>();
        for (Entry e : entries.values()) {
            if (!expired(e, now)) {
                live.put(e.mac(), e);
            }
        }
        return live;
    }
}
