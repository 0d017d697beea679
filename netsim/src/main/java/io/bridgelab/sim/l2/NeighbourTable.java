package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace's ARP cache, per interface, and the packets waiting for an answer (the kernel queues
 * them on the INCOMPLETE entry and sends them when the reply comes).
 */
public final class NeighbourTable {
    /** A packet held until its next hop resolves; {@code trace} is the packet trace it belongs to. */
    public record Pending(Packet packet, int trace) {
    }

    private record Key(String iface, Ipv4Address address) {
    }

    /** A resolved entry, as {@code ip neigh} lists it. */
    public record Resolved(String iface, Ipv4Address address, MacAddress mac) {
    }

    private final Map<Key, MacAddress> resolved = new HashMap<>();
    private final Map<Key, List<Pending>> waiting = new HashMap<>();

    public MacAddress lookup(String iface, Ipv4Address address) {
        return resolved.get(new Key(iface, address));
    }

    public void put(String iface, Ipv4Address address, MacAddress mac) {
        resolved.put(new Key(iface, address), mac);
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
        resolved.forEach((k, mac) -> out.add(new Resolved(k.iface(), k.address(), mac)));
        return out;
    }
}
