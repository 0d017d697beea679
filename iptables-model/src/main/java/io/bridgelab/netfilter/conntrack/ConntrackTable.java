package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.collect.ProbingMap;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Packet;

import java.util.ArrayList;
import java.util.List;
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
    private final Timeouts timeouts;
    /**
     * Each zone's tuples, each mapped to its connection. A connection's two tuples map to the connection itself
     * rather than to a (connection, direction) value each: which tuple was found is told by comparing it with the
     * reply tuple (a confirmed connection's tuples no longer change). Two fewer objects per connection, and one
     * pointer less to follow. A {@link ProbingMap}: no entry object per tuple either.
     */
    private final PerZone<Tuple, Connection> byTuple = new PerZone<>(ProbingMap::new);
    /**
     * The confirmed connections, oldest first, as a list threaded through the connections themselves
     * ({@link Connection#older}, {@link Connection#newer}): what a linked hash set gave, without its entry object
     * and identity hash per connection.
     */
    private Connection oldest;
    private Connection newest;
    private int size;
    private final NatEngine nat;
    private final boolean checksumChecked;

    /** A table with the kernel's default timeouts; {@code seed} drives NAT's random port offsets. */
    public ConntrackTable(Timeouts timeouts, long seed) {
        this(timeouts, seed, true);
    }

    /** @param checksumChecked {@code net.netfilter.nf_conntrack_checksum}: checksums are checked in PREROUTING */
    public ConntrackTable(Timeouts timeouts, long seed, boolean checksumChecked) {
        this.timeouts = timeouts;
        this.nat = new NatEngine(this, new SplittableRandom(seed));
        this.checksumChecked = checksumChecked;
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
        return track(packet, now, zone, false);
    }

    /**
     * The same, and {@code prerouting}: there, unless the table was made with {@code nf_conntrack_checksum} off, a
     * TCP, UDP or ICMP message whose checksum its receiver would not take is INVALID ({@code tcp_error},
     * {@code udp_error}, {@code icmp_error}): it neither makes nor moves a connection, so NAT leaves it alone and
     * {@code --ctstate INVALID} matches it.
     */
    public Tracked track(Packet packet, long now, int zone, boolean prerouting) {
        if (!packet.isIpv4()) {
            return Tracked.UNTRACKED;
        }
        if (packet.ip().isLaterFragment()) {
            // The kernel reassembles before conntrack (nf_defrag_ipv4); a lone later fragment never gets here.
            return Tracked.INVALID;
        }
        if (prerouting && checksumChecked && !InternetChecksum.transportChecksumAccepted(packet.ip(), packet.transport())) {
            return Tracked.INVALID;
        }
        if (packet.transport() instanceof IcmpMessage icmp && icmp.isError()) {
            return related(packet, icmp, now, zone);
        }
        Tuple tuple = Tuple.of(packet);
        Connection found = live(tuple, now, zone);
        Direction foundDir = found == null ? null : direction(found, tuple);
        if (found != null && ProtocolTracking.reopens(found, foundDir, packet)) {
            remove(found);
            found = null;
        }
        Connection c;
        Direction dir;
        PacketState state;
        if (found == null) {
            if (!ProtocolTracking.mayCreate(packet)) {
                return Tracked.INVALID;
            }
            c = new Connection(tuple, zone);
            dir = Direction.ORIGINAL;
            state = PacketState.NEW;
        } else {
            c = found;
            dir = foundDir;
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
        Tuple key = quoted.invert();
        Connection c = live(key, now, zone);
        if (c == null) {
            return Tracked.INVALID;
        }
        Direction dir = direction(c, key);
        Tuple own = c.tuple(dir);
        if (!own.destination().equals(packet.ip().destination())) {
            return Tracked.INVALID;
        }
        return new Tracked(c, dir, PacketState.RELATED);
    }

    /** Confirms the connection of a packet that left the last hook; a no-op if there is none or it is in. */
    public void confirm(Tracked tracked) {
        Connection c = tracked.connection();
        if (c == null || c.isConfirmed() || tracked.state() == PacketState.RELATED) {
            return;
        }
        ProbingMap<Tuple, Connection> zone = byTuple.writing(c.zone());
        if (zone.containsKey(c.original()) || zone.containsKey(c.reply())) {
            // Another connection took one of our tuples first (the kernel drops this packet: "insert clash").
            return;
        }
        c.set(Status.CONFIRMED);
        zone.put(c.original(), c);
        zone.put(c.reply(), c);
        link(c);
    }

    /**
     * An answer attached to a connection that never got into the table (REJECT's answer to the connection's first
     * packet) has left the hooks: the kernel frees that connection with the answer, and its source NAT binding, if
     * the answer made one, leaves the by-source table with it ({@code nf_nat_cleanup_conntrack}).
     */
    public void release(Tracked tracked) {
        Connection c = tracked.connection();
        if (c != null && !c.isConfirmed()) {
            nat.forget(c);
        }
    }

    /** The zone-0 connection a tuple belongs to (either direction), if confirmed and not expired at {@code now}. */
    public Connection find(Tuple tuple, long now) {
        return find(tuple, now, 0);
    }

    /** The connection of {@code zone} a tuple belongs to, if confirmed and not expired at {@code now}. */
    public Connection find(Tuple tuple, long now, int zone) {
        return live(tuple, now, zone);
    }

    /** All live connections at {@code now}, oldest first (expired ones are removed). */
    public List<Connection> connections(long now) {
        expire(now);
        List<Connection> all = new ArrayList<>(size);
        for (Connection c = oldest; c != null; c = c.newer) {
            all.add(c);
        }
        return List.copyOf(all);
    }

    /** Removes every connection whose timeout ran out by {@code now}. */
    public void expire(long now) {
        Connection c = oldest;
        while (c != null) {
            Connection next = c.newer;
            if (c.expiresAtMillis() <= now) {
                remove(c);
            }
            c = next;
        }
    }

    public int size() {
        return size;
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
        Connection c = byTuple.reading(ignored.zone()).get(tuple);
        return c != null && c != ignored;
    }

    /** The confirmed connection {@code tuple} belongs to, unless it expired by {@code now} (then it is removed). */
    private Connection live(Tuple tuple, long now, int zone) {
        Connection c = byTuple.reading(zone).get(tuple);
        if (c != null && c.expiresAtMillis() <= now) {
            remove(c);
            return null;
        }
        return c;
    }

    /**
     * Which of its connection's tuples {@code tuple} is. A tuple equal to both (a connection to itself) was put
     * into the map last as the reply tuple, so it is the reply, as when the map held a direction per tuple.
     */
    private static Direction direction(Connection c, Tuple tuple) {
        return tuple.equals(c.reply()) ? Direction.REPLY : Direction.ORIGINAL;
    }

    private void remove(Connection c) {
        if (c.listed) {
            unlink(c);
            ProbingMap<Tuple, Connection> zone = byTuple.reading(c.zone());
            zone.remove(c.original());
            zone.remove(c.reply());
            nat.forget(c);
        }
    }

    /** Appends a newly confirmed connection to the list, as the newest. */
    private void link(Connection c) {
        c.listed = true;
        c.older = newest;
        c.newer = null;
        if (newest == null) {
            oldest = c;
        } else {
            newest.newer = c;
        }
        newest = c;
        size++;
    }

    private void unlink(Connection c) {
        if (c.older == null) {
            oldest = c.newer;
        } else {
            c.older.newer = c.newer;
        }
        if (c.newer == null) {
            newest = c.older;
        } else {
            c.newer.older = c.older;
        }
        c.older = null;
        c.newer = null;
        c.listed = false;
        size--;
    }

    /** Snapshot for listing: live connections at {@code now}. */
    List<Connection> snapshot(long now) {
        return new ArrayList<>(connections(now));
    }
}
