package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A namespace's ARP cache, per interface, with the kernel's entry states as far as they change a
 * packet's way within a few seconds, and the packets waiting for an answer (the kernel queues them on the
 * INCOMPLETE entry and sends them when the reply comes). The DELAY timer (unicast probes 5 s after a STALE
 * entry was used) is run by {@link ArpStage}; REACHABLE ageing to STALE (15-45 s) is not modelled.
 */
public final class NeighbourTable {
    /** NUD states: REACHABLE and PERMANENT are NUD_CONNECTED; STALE, DELAY and PROBE hold a MAC still to confirm. */
    public enum State {
        PERMANENT, REACHABLE, STALE, DELAY, PROBE;

        public boolean connected() {
            return this == PERMANENT || this == REACHABLE;
        }
    }

    /**
     * One resolved entry.
     *
     * @param headerCached the cached link-layer header (hh) exists: the kernel makes it the first time the
     *                     entry is used to send (neigh_resolve_output); br_netfilter's bridged DNAT takes
     *                     its fast path only with it
     */
    public record Entry(MacAddress mac, State state, boolean headerCached) {
        /** Sending by this entry changes nothing ({@link #used} is a no-op): its header is cached, it is not STALE. */
        public boolean settled() {
            return headerCached && state != State.STALE;
        }
    }

    /**
     * A packet held until its next hop resolves; {@code trace} is the packet trace it belongs to. With
     * {@code release} set, the resolver hands the MAC to it instead of sending the packet from the node's IP
     * output (br_netfilter's bridged DNAT continues its own way).
     */
    public record Pending(Packet packet, int trace, Consumer<MacAddress> release) {
        public Pending(Packet packet, int trace) {
            this(packet, trace, null);
        }
    }

    private record Key(String iface, Ipv4Address address) {
        // By hand, as Tuple's: every sent packet looks its next hop up. The record's own hash.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(k.address, address) && java.util.Objects.equals(k.iface, iface);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hashCode(iface) * 31 + java.util.Objects.hashCode(address);
        }
    }

    /** A resolved entry, as {@code ip neigh} lists it. */
    public record Resolved(String iface, Ipv4Address address, MacAddress mac) {
    }

    private final Map<Key, Entry> resolved = new HashMap<>();
    private final Map<Key, List<Pending>> waiting = new HashMap<>();
    /** {@link #recentKey}'s keys, replaced round-robin. */
    private final Key[] recentKeys = new Key[4];
    private int nextKeySlot;

    public MacAddress lookup(String iface, Ipv4Address address) {
        Entry e = resolved.get(new Key(iface, address));
        return e == null ? null : e.mac();
    }

    /** The entry for {@code address} on {@code iface}, or null (unknown or INCOMPLETE). */
    public Entry entry(String iface, Ipv4Address address) {
        return resolved.get(recentKey(iface, address));
    }

    /**
     * A key for a lookup: one of the few made last when it is for the same interface (the same name object) and
     * address, else a new one. Every sent packet looks its next hop up, a namespace has a handful of next hops, and
     * a key is an immutable value: the lookup is the same, without a key made per packet.
     */
    private Key recentKey(String iface, Ipv4Address address) {
        for (Key k : recentKeys) {
            if (k != null && k.iface() == iface && k.address().equals(address)) {
                return k;
            }
        }
        Key k = new Key(iface, address);
        recentKeys[nextKeySlot] = k;
        nextKeySlot = (nextKeySlot + 1) % recentKeys.length;
        return k;
    }

    /** A confirmed entry (an ARP reply to our request): REACHABLE. */
    public void put(String iface, Ipv4Address address, MacAddress mac) {
        put(iface, address, mac, State.REACHABLE);
    }

    public void put(String iface, Ipv4Address address, MacAddress mac, State state) {
        Entry old = resolved.get(new Key(iface, address));
        boolean hh = old != null && old.headerCached() && old.mac().equals(mac);
        resolved.put(new Key(iface, address), new Entry(mac, state, hh));
    }

    /**
     * neigh_event_ns: someone asked us for our address, so we learn theirs without confirmation: a new
     * entry is STALE; an existing one with the same MAC keeps its state (neigh_update keeps the old state
     * for a STALE update of the same address); a different MAC makes it STALE.
     */
    public void learn(String iface, Ipv4Address address, MacAddress mac) {
        Entry old = resolved.get(new Key(iface, address));
        if (old != null && old.mac().equals(mac)) {
            return;
        }
        put(iface, address, mac, State.STALE);
    }

    /**
     * The entry is used to send (neigh_resolve_output): the header is cached from now on, and a STALE
     * entry goes DELAY (it is probed after 5 s without confirmation). Returns true when it went DELAY now.
     */
    public boolean used(String iface, Ipv4Address address) {
        Key k = new Key(iface, address);
        Entry e = resolved.get(k);
        if (e == null) {
            return false;
        }
        if (e.settled()) {
            // Every packet after the first to a next hop: nothing to change.
            return false;
        }
        resolved.put(k, new Entry(e.mac(), e.state() == State.STALE ? State.DELAY : e.state(), true));
        return e.state() == State.STALE;
    }

    /** Moves an entry to {@code state}, keeping its MAC and cached header (no-op when there is none). */
    public void state(String iface, Ipv4Address address, State state) {
        Key k = new Key(iface, address);
        Entry e = resolved.get(k);
        if (e != null) {
            resolved.put(k, new Entry(e.mac(), state, e.headerCached()));
        }
    }

    /** Forgets an entry (it FAILED). */
    public void remove(String iface, Ipv4Address address) {
        resolved.remove(new Key(iface, address));
    }

    /** Whether an entry exists, resolved or INCOMPLETE (the kernel only updates existing entries from replies). */
    public boolean known(String iface, Ipv4Address address) {
        Key k = new Key(iface, address);
        return resolved.containsKey(k) || waiting.containsKey(k);
    }

    /** Queues a packet; returns true when it is the first one, so a request must go out. */
    public boolean enqueue(String iface, Ipv4Address address, Pending pending) {
        List<Pending> list = waiting.computeIfAbsent(new Key(iface, address), k -> new ArrayList<>());
        list.add(pending);
        return list.size() == 1;
    }

    /** Takes the packets waiting for this address (empty when none). */
    public List<Pending> takeWaiting(String iface, Ipv4Address address) {
        List<Pending> list = waiting.remove(new Key(iface, address));
        return list == null ? List.of() : list;
    }

    /** The resolved entries, in no particular order (the kernel dumps its hash buckets). */
    public List<Resolved> resolvedEntries() {
        List<Resolved> out = new ArrayList<>();
        resolved.forEach((k, e) -> out.add(new Resolved(k.iface(), k.address(), e.mac())));
        return out;
    }
}
