package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The conntrack table of one network namespace. {@link #track} is {@code nf_conntrack_in} (at
 * PREROUTING and OUTPUT, priority -200): it finds the packet's connection in either direction or makes
 * a new, unconfirmed one; {@link #confirm} is {@code nf_conntrack_confirm} (after the last hook), which
 * alone puts a connection into the table, so a packet dropped before it leaves no entry. Time is the
 * caller's simulated clock in milliseconds; expired entries disappear when next looked at.
 *
 * <p>Not thread-safe: one namespace is simulated by one thread. Each zone ({@code -j CT --zone}) is a
 * table of its own: tuples, NAT clash checks and ICMP errors are looked up in the packet's zone.
 */
public final class ConntrackTable {
    private record Entry(Connection connection, Direction direction) {
    }

    private final Timeouts timeouts;
    /** Zone 0's tuples; other zones are in {@link #otherZones}, so the common case costs one lookup. */
    private final Map<Tuple, Entry> byTuple = new HashMap<>();
    private final Map<Integer, Map<Tuple, Entry>> otherZones = new HashMap<>();
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final NatEngine nat;

    /** A table with the kernel's default timeouts; {@code seed} drives NAT's random port offsets. */
    public ConntrackTable(Timeouts timeouts, long seed) {
        this.timeouts = timeouts;
        this.nat = new NatEngine(this, new SplittableRandom(seed));
    }

    public ConntrackTable() {
        this(Timeouts.DEFAULT, 0);
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** Tracks one IPv4 packet at time {@code now} (ms) in zone 0; non-IPv4 packets are UNTRACKED. */
    public Tracked track(Packet packet, long now) {
        return track(packet, now, 0);
    }

    /** Tracks one IPv4 packet at time {@code now} (ms) in {@code zone}; non-IPv4 packets are UNTRACKED. */
    public Tracked track(Packet packet, long now, int zone) {
        if (!packet.isIpv4()) {
            return Tracked.UNTRACKED;
        }
        if (packet.ip().isLaterFragment()) {
            // The kernel reassembles before conntrack (nf_defrag_ipv4); a lone later fragment never gets here.
            return Tracked.INVALID;
        }
        if (packet.transport() instanceof IcmpMessage icmp && icmp.isError()) {
            return related(packet, icmp, now, zone);
        }
        Tuple tuple = Tuple.of(packet);
        Entry entry = live(tuple, now, zone);
        if (entry != null && ProtocolTracking.reopens(entry.connection(), entry.direction(), packet)) {
            remove(entry.connection());
            entry = null;
        }
        Connection c;
        Direction dir;
        PacketState state;
        if (entry == null) {
            if (!ProtocolTracking.mayCreate(packet)) {
                return Tracked.INVALID;
            }
            c = new Connection(tuple, zone);
            dir = Direction.ORIGINAL;
            state = PacketState.NEW;
        } else {
            c = entry.connection();
            dir = entry.direction();
            state = dir == Direction.REPLY || c.has(Status.SEEN_REPLY) ? PacketState.ESTABLISHED : PacketState.NEW;
        }
        ProtocolTracking.Outcome outcome = ProtocolTracking.packet(c, dir, packet, now, timeouts);
        if (outcome == ProtocolTracking.Outcome.INVALID) {
            return Tracked.INVALID;
        }
        if (outcome == ProtocolTracking.Outcome.KILL) {
            remove(c);
        }
        if (dir == Direction.REPLY) {
            c.set(Status.SEEN_REPLY);
        }
        return new Tracked(c, dir, state);
    }

    /**
     * An ICMP error belongs to the connection of the datagram it quotes: the quoted tuple, inverted, is
     * looked up (the error travels back toward the quoted packet's sender), and the error must be
     * addressed to that sender ({@code nf_conntrack_inet_error}). Otherwise the error is INVALID.
     */
    private Tracked related(Packet packet, IcmpMessage icmp, long now, int zone) {
        Tuple quoted = Tuple.ofQuoted(icmp);
        if (quoted == null || quoted.invert() == null) {
            return Tracked.INVALID;
        }
        Entry entry = live(quoted.invert(), now, zone);
        if (entry == null) {
            return Tracked.INVALID;
        }
        Tuple own = entry.connection().tuple(entry.direction());
        if (!own.destination().equals(packet.ip().destination())) {
            return Tracked.INVALID;
        }
        return new Tracked(entry.connection(), entry.direction(), PacketState.RELATED);
    }

    /** Confirms the connection of a packet that left the last hook; a no-op if there is none or it is in. */
    public void confirm(Tracked tracked) {
        Connection c = tracked.connection();
        if (c == null || c.isConfirmed() || tracked.state() == PacketState.RELATED) {
            return;
        }
        Map<Tuple, Entry> zone = zone(c.zone(), true);
        if (zone.containsKey(c.original()) || zone.containsKey(c.reply())) {
            // Another connection took one of our tuples first (the kernel drops this packet: "insert clash").
            return;
        }
        c.set(Status.CONFIRMED);
        zone.put(c.original(), new Entry(c, Direction.ORIGINAL));
        zone.put(c.reply(), new Entry(c, Direction.REPLY));
        connections.add(c);
    }

    /** The zone-0 connection a tuple belongs to (either direction), if confirmed and not expired at {@code now}. */
    public Connection find(Tuple tuple, long now) {
        return find(tuple, now, 0);
    }

    /** The connection of {@code zone} a tuple belongs to, if confirmed and not expired at {@code now}. */
    public Connection find(Tuple tuple, long now, int zone) {
        Entry e = live(tuple, now, zone);
        return e == null ? null : e.connection();
    }

    /** All live connections at {@code now}, oldest first (expired ones are removed). */
    public List<Connection> connections(long now) {
        expire(now);
        return List.copyOf(connections);
    }

    /** Removes every connection whose timeout ran out by {@code now}. */
    public void expire(long now) {
        for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (c.expiresAtMillis() <= now) {
                it.remove();
                Map<Tuple, Entry> zone = zone(c.zone(), false);
                zone.remove(c.original());
                zone.remove(c.reply());
                nat.forget(c);
            }
        }
    }

    public int size() {
        return connections.size();
    }

    /** Connections the NAT by-source table still remembers; never more than {@link #size()}. */
    int natBySourceSize() {
        return nat.bySourceSize();
    }

    /**
     * Chooses the binding of {@code manip} for a connection's first packet ({@code nf_nat_setup_info}):
     * a unique tuple within {@code mapping}, resolving clashes like the kernel.
     */
    public NatBinding bind(Connection c, NatManip manip, NatMapping mapping, String reason) {
        return nat.setup(c, manip, mapping, reason);
    }

    /** The null binding for a connection no nat rule bound ({@code nf_nat_alloc_null_binding}). */
    public NatBinding bindNull(Connection c, NatManip manip) {
        return nat.setupNull(c, manip);
    }

    /** Whether another live connection already uses {@code tuple} in either direction. */
    boolean taken(Tuple tuple, Connection ignored) {
        Entry e = zone(ignored.zone(), false).get(tuple);
        return e != null && e.connection() != ignored;
    }

    private Map<Tuple, Entry> zone(int zone, boolean create) {
        if (zone == 0) {
            return byTuple;
        }
        Map<Tuple, Entry> m = otherZones.get(zone);
        if (m == null) {
            if (!create) {
                return Map.of();
            }
            m = new HashMap<>();
            otherZones.put(zone, m);
        }
        return m;
    }

    private Entry live(Tuple tuple, long now, int zone) {
        Entry e = zone(zone, false).get(tuple);
        if (e != null && e.connection().expiresAtMillis() <= now) {
            remove(e.connection());
            return null;
        }
        return e;
    }

    private void remove(Connection c) {
        if (connections.remove(c)) {
            Map<Tuple, Entry> zone = zone(c.zone(), false);
            zone.remove(c.original());
            zone.remove(c.reply());
            nat.forget(c);
        }
    }

    /** Snapshot for listing: live connections at {@code now}. */
    List<Connection> snapshot(long now) {
        return new ArrayList<>(connections(now));
    }
}
