package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Candidate rules of one chain for a packet, keyed by (protocol, destination port): a rule that
 * requires {@code -p tcp|udp} and a non-negated destination port (tcp/udp {@code --dport}, multiport
 * {@code --dports}, ranges up to {@value #MAX_EXPANSION} ports) can only match packets with that key, so
 * it is listed under its keys; every other rule is in the fallback list. The candidates for a packet
 * are the merge, in rule order, of the fallback list and its key's list, so first-match order is kept
 * and a skipped rule is one that could not have matched.
 */
final class RuleIndex {
    static final int NO_KEY = -1;
    private static final int MAX_EXPANSION = 64;
    private static final int[] NONE = new int[0];

    private final int[] fallback;
    /** Open addressing (linear probing) from key to rule list: no boxing on the per-packet lookup. */
    private final int[] slotKeys;
    private final int[][] slotLists;
    private final int mask;

    private RuleIndex(int[] fallback, Map<Integer, int[]> byKey) {
        this.fallback = fallback;
        int capacity = Integer.highestOneBit(Math.max(4, byKey.size() * 2 - 1)) << 1;
        this.slotKeys = new int[capacity];
        this.slotLists = new int[capacity][];
        this.mask = capacity - 1;
        java.util.Arrays.fill(slotKeys, NO_KEY);
        byKey.forEach((k, v) -> {
            int i = slot(k);
            while (slotKeys[i] != NO_KEY) {
                i = (i + 1) & mask;
            }
            slotKeys[i] = k;
            slotLists[i] = v;
        });
    }

    private int slot(int key) {
        return (key * 0x9E3779B9 >>> 16) & mask;
    }

    static RuleIndex build(Rule[] rules) {
        List<Integer> fallback = new ArrayList<>();
        Map<Integer, List<Integer>> keyed = new HashMap<>();
        for (int i = 0; i < rules.length; i++) {
            int[] keys = keys(rules[i]);
            if (keys == null) {
                fallback.add(i);
            } else {
                for (int k : keys) {
                    List<Integer> list = keyed.computeIfAbsent(k, x -> new ArrayList<>());
                    if (list.isEmpty() || list.get(list.size() - 1) != i) {
                        list.add(i);
                    }
                }
            }
        }
        Map<Integer, int[]> byKey = new HashMap<>();
        keyed.forEach((k, v) -> byKey.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        return new RuleIndex(fallback.stream().mapToInt(Integer::intValue).toArray(), byKey);
    }

    /** The index key of a packet: protocol and destination port of a first TCP/UDP fragment, else NO_KEY. */
    static int key(EvalPacket p) {
        if (p.packet.ip().isLaterFragment()) {
            return NO_KEY;
        }
        if (p.packet.transport() instanceof TcpSegment tcp) {
            return IpProtocol.TCP << 16 | tcp.destinationPort();
        }
        if (p.packet.transport() instanceof UdpDatagram udp) {
            return IpProtocol.UDP << 16 | udp.destinationPort();
        }
        return NO_KEY;
    }

    /** The keyed list of a packet key (empty when none). */
    int[] candidates(int key) {
        if (key == NO_KEY) {
            return NONE;
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            int k = slotKeys[i];
            if (k == key) {
                return slotLists[i];
            }
            if (k == NO_KEY) {
                return NONE;
            }
        }
    }

    /** The first candidate at or after {@code from}, or -1. */
    int next(int from, int[] keyed) {
        int a = firstAtOrAfter(fallback, from);
        int b = firstAtOrAfter(keyed, from);
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static int firstAtOrAfter(int[] sorted, int from) {
        if (sorted.length == 0) {
            return -1;
        }
        if (from <= sorted[0]) {
            return sorted[0];
        }
        int i = Arrays.binarySearch(sorted, from);
        if (i < 0) {
            i = -i - 1;
        }
        return i < sorted.length ? sorted[i] : -1;
    }

    /** The keys a rule can only match under, or null when it must stay in the fallback list. */
    private static int[] keys(Rule rule) {
        Negatable<Integer> proto = rule.header().protocol();
        if (proto == null || proto.negated()
                || (proto.value() != IpProtocol.TCP && proto.value() != IpProtocol.UDP)) {
            return null;
        }
        int p = proto.value();
        for (Match m : rule.matches()) {
            if (m instanceof LimitMatch) {
                // A limit before the port match takes a token from every packet of the protocol, whatever its
                // port (the kernel tries matches in order): such a rule must be tried for every packet.
                return null;
            }
            List<PortRange> ports = null;
            if (m instanceof TcpMatch t && p == IpProtocol.TCP && t.destinationPort() != null
                    && !t.destinationPort().negated()) {
                ports = List.of(t.destinationPort().value());
            } else if (m instanceof UdpMatch u && p == IpProtocol.UDP && u.destinationPort() != null
                    && !u.destinationPort().negated()) {
                ports = List.of(u.destinationPort().value());
            } else if (m instanceof MultiportMatch mp && !mp.negated()
                    && mp.direction() == MultiportMatch.Direction.DESTINATION) {
                ports = mp.ports();
            }
            if (ports != null) {
                int[] keys = expand(p, ports);
                if (keys != null) {
                    return keys;
                }
            }
        }
        return null;
    }

    private static int[] expand(int protocol, List<PortRange> ranges) {
        int total = 0;
        for (PortRange r : ranges) {
            total += r.size();
        }
        if (total > MAX_EXPANSION) {
            return null;
        }
        int[] keys = new int[total];
        int n = 0;
        for (PortRange r : ranges) {
            for (int port = r.first(); port <= r.last(); port++) {
                keys[n++] = protocol << 16 | port;
            }
        }
        return keys;
    }
}
