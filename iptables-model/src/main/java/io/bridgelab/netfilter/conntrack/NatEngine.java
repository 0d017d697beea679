package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.collect.ProbingMap;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;

import java.util.SplittableRandom;

/**
 * Chooses NAT bindings as {@code nf_nat_setup_info} and {@code get_unique_tuple} do: keep the tuple if
 * it is in range and unique; for source NAT reuse the mapping an earlier connection from the same
 * source got; pick the address by the kernel's jhash of the addresses; then search the port range from
 * a random offset (offset 0 for DNAT), at most 128 tries, then halving rounds.
 */
final class NatEngine {
    private static final int MAX_ATTEMPTS = 128;

    /**
     * The by-source table's key: an original tuple's source half (address, protocol, port), so that a connection's
     * own original tuple is its key and the table makes no key object per connection (the kernel's
     * {@code same_src}).
     */
    private static final ProbingMap.Equivalence<Tuple> SOURCE = new ProbingMap.Equivalence<>() {
        @Override
        public int hash(Tuple t) {
            return (t.source().bits() * 31 + t.protocol()) * 31 + t.sourcePort();
        }

        @Override
        public boolean same(Tuple stored, Tuple asked) {
            return stored.sourcePort() == asked.sourcePort() && stored.protocol() == asked.protocol()
                    && stored.source().bits() == asked.source().bits();
        }
    };

    private final ConntrackTable table;
    private final SplittableRandom random;
    /** The kernel's {@code nf_nat_bysource}: original source -> a connection that got a source binding. */
    private final PerZone<Tuple, Connection> bySource = new PerZone<>(() -> new ProbingMap<>(SOURCE));
    /**
     * The null binding's mapping made last, per manip (an immutable value): a destination null binding maps to
     * the address the connection was sent to, which most connections share; a source one to its sender.
     */
    private final NatMapping[] lastNullMapping = new NatMapping[NatManip.values().length];
    // inverse()'s last tuple inverted and its inverse.
    private Tuple lastInverted;
    private Tuple lastInverse;

    NatEngine(ConntrackTable table, SplittableRandom random) {
        this.table = table;
        this.random = random;
    }

    NatBinding setup(Connection c, NatManip manip, NatMapping mapping, String reason) {
        if (c.natInitialized(manip)) {
            throw new IllegalStateException("NAT " + manip + " binding already chosen for " + c);
        }
        // Tuples already held are reused where the inverse would equal them (most bindings change nothing, or
        // only the half of one direction): fewer objects per connection, the same values.
        Tuple current = inverse(c.reply(), c.original());
        Tuple chosen = uniqueTuple(current, mapping, c, manip);
        NatBinding binding = new NatBinding(manip, current, chosen, reason);
        c.bind(manip, inverse(chosen, c.reply()));
        if (manip == NatManip.SOURCE) {
            bySource.writing(c.zone()).put(c.original(), c);
        }
        return binding;
    }

    /**
     * A connection is gone ({@code nf_nat_cleanup_conntrack}): it leaves the by-source table, or that table
     * would hold every connection ever source-bound, null bindings included.
     */
    void forget(Connection c) {
        bySource.reading(c.zone()).remove(c.original(), c);
    }

    /** How many connections the by-source tables hold (a test's view of the cleanup). */
    int bySourceSize() {
        return bySource.size();
    }

    NatBinding setupNull(Connection c, NatManip manip) {
        Ipv4Address ip = manip == NatManip.SOURCE ? c.reply().destination() : c.reply().source();
        int k = manip.ordinal();
        NatMapping m = lastNullMapping[k];
        if (m == null || !m.minAddress().equals(ip)) {
            m = NatMapping.to(ip);
            lastNullMapping[k] = m;
        }
        return setup(c, manip, m, "null binding");
    }

    private Tuple uniqueTuple(Tuple orig, NatMapping range, Connection c, NatManip manip) {
        if (manip == NatManip.SOURCE && !range.random()) {
            if (inRange(orig, range, manip)) {
                if (!used(orig, c)) {
                    return orig;
                }
            } else {
                Tuple reused = appropriateSource(orig, range, c.zone());
                if (reused != null && !used(reused, c)) {
                    return reused;
                }
            }
        }
        Tuple tuple = bestAddress(orig, range, manip);
        if (!range.random()) {
            if (range.protoSpecified()) {
                if (portInRange(tuple, range, manip) && (range.minPort() == range.maxPort() || !used(tuple, c))) {
                    return tuple;
                }
            } else if (!used(tuple, c)) {
                return tuple;
            }
        }
        return uniquePort(tuple, range, manip, c);
    }

    private boolean used(Tuple candidate, Connection c) {
        return table.taken(inverse(candidate, c.reply()), c);
    }

    /**
     * {@code t.invert()}, or {@code held} when that is what the inverse would equal, or the inverse made last when it
     * was of this very tuple, or the tuple that inverse was made of when {@code t} is that inverse: a binding that
     * changes the tuple asks for the chosen tuple's inverse twice, for the clash check and as the connection's new
     * reply tuple, and the next manip's binding asks for that reply's inverse (tuples are immutable values, so one
     * serves them all).
     */
    private Tuple inverse(Tuple t, Tuple held) {
        if (t.isInverseOf(held)) {
            return held;
        }
        if (t == lastInverse) {
            // Inverting is its own inverse: the source NAT step after a destination binding asks for the inverse
            // of the reply tuple that binding made, which is the tuple the binding chose.
            return lastInverted;
        }
        if (t != lastInverted) {
            lastInverse = t.invert();
            lastInverted = t;
        }
        return lastInverse;
    }

    private static boolean inRange(Tuple t, NatMapping range, NatManip manip) {
        Ipv4Address a = manip == NatManip.SOURCE ? t.source() : t.destination();
        return range.addressInRange(a) && portInRange(t, range, manip);
    }

    private static boolean portInRange(Tuple t, NatMapping range, NatManip manip) {
        if (!t.hasPorts() || !range.protoSpecified()) {
            return true;
        }
        int port = t.isIcmp() || manip == NatManip.SOURCE ? t.sourcePort() : t.destinationPort();
        return range.portInRange(port);
    }

    private Tuple appropriateSource(Tuple orig, NatMapping range, int zone) {
        Connection other = bySource.reading(zone).get(orig);
        if (other == null || table.find(other.original(), Long.MIN_VALUE, zone) != other) {
            return null;
        }
        Tuple mapped = other.reply().invert();
        Tuple result = orig.withSource(mapped.source(), mapped.sourcePort());
        return inRange(result, range, NatManip.SOURCE) ? result : null;
    }

    private static Tuple bestAddress(Tuple t, NatMapping range, NatManip manip) {
        if (!range.mapsAddress()) {
            return t;
        }
        Ipv4Address chosen = range.minAddress();
        if (!range.minAddress().equals(range.maxAddress())) {
            int initval = range.persistent() ? 0 : Integer.reverseBytes(t.destination().bits());
            int j = Jhash.jhash1(Integer.reverseBytes(t.source().bits()), initval);
            long dist = (range.maxAddress().bits() & 0xffffffffL) - (range.minAddress().bits() & 0xffffffffL) + 1;
            long scaled = ((j & 0xffffffffL) * dist) >>> 32;
            chosen = new Ipv4Address((int) ((range.minAddress().bits() & 0xffffffffL) + scaled));
        }
        return manip == NatManip.SOURCE ? t.withSource(chosen, t.sourcePort())
                : t.withDestination(chosen, t.destinationPort());
    }

    /** {@code nf_nat_l4proto_unique_tuple}: the per-protocol port search. */
    private Tuple uniquePort(Tuple tuple, NatMapping range, NatManip manip, Connection c) {
        int min;
        int size;
        boolean key = tuple.isIcmp() || manip == NatManip.SOURCE;
        if (tuple.isIcmp()) {
            if (!range.protoSpecified()) {
                min = 0;
                size = 65536;
            } else {
                min = range.minPort();
                size = range.maxPort() - range.minPort() + 1;
            }
        } else if (tuple.protocol() == IpProtocol.TCP || tuple.protocol() == IpProtocol.UDP
                || tuple.protocol() == IpProtocol.SCTP || tuple.protocol() == IpProtocol.UDPLITE) {
            if (!range.protoSpecified()) {
                if (manip == NatManip.DESTINATION) {
                    return tuple;
                }
                int port = tuple.sourcePort();
                // "Loose convention: >> 512 is credential passing": privileged ports stay privileged.
                if (port < 1024) {
                    if (port < 512) {
                        min = 1;
                        size = 511;
                    } else {
                        min = 600;
                        size = 1023 - 600 + 1;
                    }
                } else {
                    min = 1024;
                    size = 65535 - 1024 + 1;
                }
            } else {
                min = range.minPort();
                size = range.maxPort() - range.minPort() + 1;
            }
        } else {
            return tuple;
        }
        int off = range.random() || manip != NatManip.DESTINATION ? random.nextInt(65536) : 0;
        int attempts = Math.min(size, MAX_ATTEMPTS);
        while (true) {
            for (int i = 0; i < attempts; i++, off++) {
                int port = min + Math.floorMod(off, size);
                Tuple candidate = key ? tuple.withSource(tuple.source(), port)
                        : tuple.withDestination(tuple.destination(), port);
                if (!used(candidate, c)) {
                    return candidate;
                }
            }
            attempts /= 2;
            if (attempts < 16) {
                // The kernel gives up and keeps the last candidate; the insert then clashes and drops.
                return key ? tuple.withSource(tuple.source(), min + Math.floorMod(off - 1, size))
                        : tuple.withDestination(tuple.destination(), min + Math.floorMod(off - 1, size));
            }
            off = random.nextInt(65536);
        }
    }
}
