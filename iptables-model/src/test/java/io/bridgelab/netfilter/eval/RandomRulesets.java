package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.ip;

import io.bridgelab.netfilter.conntrack.TestPackets;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.IcmpMatch;
import io.bridgelab.netfilter.rule.IcmpTypeSpec;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.IprangeMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.Log;
import io.bridgelab.netfilter.rule.MarkMatch;
import io.bridgelab.netfilter.rule.MarkTarget;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpFlagsSpec;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Decodes integer "genes" into rules and packets over small value pools (so rules and packets often
 * meet). Each gene is one rule or packet; jqwik shrinks the gene lists, so a failure shrinks to few rules.
 */
final class RandomRulesets {
    private static final int[] PORTS = {22, 53, 80, 8080, 9000, 9001};
    private static final String[] IFACES = {"eth0", "docker0", "veth1"};
    private static final String[] ADDRS = {"192.168.1.20", "192.168.1.10", "172.17.0.2", "172.17.0.3", "8.8.8.8"};
    private static final String[] USER = {"U0", "U1", "U2"};

    private RandomRulesets() {
    }

    static Ruleset ruleset(List<Integer> filterGenes, List<Integer> natGenes) {
        List<List<Rule>> f = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            f.add(new ArrayList<>());
        }
        for (int g : filterGenes) {
            Random r = new Random(g);
            int chain = r.nextInt(6);
            f.get(chain).add(rule(r, chain >= 3 ? chain - 3 : -1, false, null));
        }
        Table filter = new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", policy(filterGenes, 0), f.get(0)),
                Chain.builtin("FORWARD", policy(filterGenes, 1), f.get(1)),
                Chain.builtin("OUTPUT", Policy.ACCEPT, f.get(2)),
                Chain.user("U0", f.get(3)), Chain.user("U1", f.get(4)), Chain.user("U2", f.get(5))));
        List<List<Rule>> n = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            n.add(new ArrayList<>());
        }
        for (int g : natGenes) {
            Random r = new Random(g);
            int chain = r.nextInt(5);
            Target nat = chain == 0 ? dnat(r) : chain == 1 ? snat(r) : null;
            n.get(chain).add(rule(r, chain >= 2 ? chain - 2 : -1, true, nat));
        }
        Table natTable = new Table(TableName.NAT, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, n.get(0)),
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("POSTROUTING", Policy.ACCEPT, n.get(1)),
                Chain.user("U0", n.get(2)), Chain.user("U1", n.get(3)), Chain.user("U2", n.get(4))));
        return new Ruleset(List.of(filter, natTable));
    }

    private static Policy policy(List<Integer> genes, int salt) {
        return (genes.size() + salt) % 3 == 0 ? Policy.DROP : Policy.ACCEPT;
    }

    /** A rule for a chain; user chain k may only jump to user chains after it, so there are no loops. */
    private static Rule rule(Random r, int userChain, boolean nat, Target natTarget) {
        IpHeaderMatch h = IpHeaderMatch.ANY;
        List<Match> matches = new ArrayList<>();
        int proto = r.nextInt(5);
        if (proto == 1 || proto == 2) {
            h = h.withProtocol(Negatable.of(proto == 1 ? IpProtocol.TCP : IpProtocol.UDP));
            if (r.nextInt(4) != 0) {
                matches.add(ports(r, proto == 1));
            }
        } else if (proto == 3) {
            h = h.withProtocol(r.nextBoolean() ? Negatable.of(IpProtocol.ICMP) : Negatable.not(IpProtocol.TCP));
            if (h.protocol().value() == IpProtocol.ICMP && r.nextBoolean()) {
                matches.add(new IcmpMatch(Negatable.of(IcmpTypeSpec.type(r.nextBoolean() ? 8 : 0))));
            }
        }
        if (r.nextInt(3) == 0) {
            h = h.withInInterface(neg(r, new InterfaceName(r.nextInt(4) == 0 ? "veth+" : pick(r, IFACES))));
        }
        if (!nat && r.nextInt(3) == 0) {
            h = h.withOutInterface(neg(r, new InterfaceName(pick(r, IFACES))));
        }
        if (r.nextInt(3) == 0) {
            h = h.withSource(neg(r, Cidr.parse(r.nextBoolean() ? "172.17.0.0/16" : pick(r, ADDRS) + "/32")));
        }
        if (r.nextInt(4) == 0) {
            h = h.withDestination(neg(r, Cidr.parse(pick(r, ADDRS) + "/32")));
        }
        switch (r.nextInt(8)) {
            case 0 -> matches.add(new MarkMatch(r.nextInt(3), 0xffffffffL, r.nextBoolean()));
            case 1 -> matches.add(new ConntrackMatch(neg(r, r.nextBoolean() ? Set.of(CtState.NEW)
                    : Set.of(CtState.ESTABLISHED, CtState.RELATED, CtState.DNAT)), null, null, null, null, null,
                    null, null, null, null, null, null));
            case 2 -> matches.add(new AddrtypeMatch(null, neg(r, Set.of(AddressType.LOCAL)), false, false));
            case 3 -> matches.add(new IprangeMatch(neg(r, new AddressRange(ip("172.17.0.1"), ip("172.17.0.2"))),
                    null));
            // Before or after the port match: the fast mode's index must try a rule whose limit comes first. 1 to 3
            // a minute, a burst of 1 or 2: packets 700 ms apart soon empty the bucket.
            case 4 -> matches.add(r.nextBoolean() ? 0 : matches.size(),
                    new LimitMatch(LimitMatch.SCALE * 60 / (1 + r.nextInt(3)), 1 + r.nextInt(2)));
            default -> { }
        }
        Target t = natTarget != null && r.nextInt(3) != 0 ? natTarget : plainTarget(r, userChain);
        return new Rule(h, matches, t);
    }

    private static Match ports(Random r, boolean tcp) {
        Negatable<PortRange> dport = r.nextInt(5) == 0 ? null : neg(r, r.nextInt(4) == 0
                ? new PortRange(8000, 9000) : PortRange.single(pick(r, PORTS)));
        Negatable<PortRange> sport = r.nextInt(4) == 0 ? neg(r, PortRange.single(pick(r, PORTS))) : null;
        if (r.nextInt(5) == 0) {
            return new MultiportMatch(MultiportMatch.Direction.values()[r.nextInt(3)],
                    List.of(PortRange.single(pick(r, PORTS)), new PortRange(9000, 9001)), r.nextInt(4) == 0);
        }
        if (tcp) {
            Negatable<TcpFlagsSpec> flags = r.nextInt(4) == 0 ? neg(r, TcpFlagsSpec.SYN) : null;
            return new TcpMatch(sport, dport, flags, null);
        }
        return new UdpMatch(sport, dport);
    }

    private static Target plainTarget(Random r, int userChain) {
        int k = r.nextInt(10);
        List<String> later = new ArrayList<>();
        for (int u = userChain + 1; u < USER.length; u++) {
            later.add(USER[u]);
        }
        if ((k == 0 || k == 1) && !later.isEmpty()) {
            String to = later.get(r.nextInt(later.size()));
            return k == 0 ? new Jump(to) : new Goto(to);
        }
        return switch (k) {
            case 2 -> Drop.INSTANCE;
            case 3 -> Return.INSTANCE;
            case 4 -> new MarkTarget(r.nextInt(3), 0xffffffffL);
            case 5 -> null;
            case 6 -> new Log(4, "x", false, false, false, false, false);
            default -> Accept.INSTANCE;
        };
    }

    private static Target dnat(Random r) {
        return new Dnat(new NatRange(AddressRange.single(ip(r.nextBoolean() ? "172.17.0.2" : "172.17.0.3")),
                r.nextBoolean() ? PortRange.single(80) : null), false, false);
    }

    private static Target snat(Random r) {
        return r.nextBoolean() ? Masquerade.PLAIN
                : new Snat(new NatRange(AddressRange.single(ip("192.168.1.10")), new PortRange(1024, 1030)), false,
                false, false);
    }

    /** A packet with its in and out interfaces (the caller forwards it). */
    record Sent(Packet packet, String in, String out) {
    }

    static Sent packet(int gene) {
        Random r = new Random(gene);
        String src = pick(r, ADDRS);
        String dst = pick(r, ADDRS);
        Packet p = switch (r.nextInt(4)) {
            case 0, 1 -> TestPackets.tcp(src, pick(r, PORTS), dst, pick(r, PORTS),
                    r.nextBoolean() ? TcpFlags.SYN : r.nextBoolean() ? TcpFlags.ACK : TcpFlags.SYN | TcpFlags.ACK);
            case 2 -> TestPackets.udp(src, pick(r, PORTS), dst, pick(r, PORTS));
            default -> TestPackets.echo(src, dst, r.nextBoolean() ? IcmpMessage.ECHO_REQUEST : IcmpMessage.ECHO_REPLY,
                    r.nextInt(3));
        };
        if (r.nextInt(4) == 0) {
            p = p.withMetadata(p.metadata().withMark(1));
        }
        return new Sent(p, pick(r, IFACES), pick(r, IFACES));
    }

    private static <T> Negatable<T> neg(Random r, T value) {
        return r.nextInt(4) == 0 ? Negatable.not(value) : Negatable.of(value);
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static int pick(Random r, int[] values) {
        return values[r.nextInt(values.length)];
    }
}
