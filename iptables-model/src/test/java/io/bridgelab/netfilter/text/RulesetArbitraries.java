package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.ChecksumTarget;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.ConnmarkTarget;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.CtStatus;
import io.bridgelab.netfilter.rule.CtTarget;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.FlagOption;
import io.bridgelab.netfilter.rule.FragmentMatch;
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
import io.bridgelab.netfilter.rule.PhysdevMatch;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Redirect;
import io.bridgelab.netfilter.rule.Reject;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.SctpMatch;
import io.bridgelab.netfilter.rule.Snat;
import io.bridgelab.netfilter.rule.StateMatch;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpFlagsSpec;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.Trace;
import io.bridgelab.netfilter.rule.UdpMatch;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random rulesets that iptables-restore would accept: jumps only go "down" a fixed order of user chains
 * (no loops), restricted targets only where the kernel allows them, and module options only with the
 * {@code -p} they need. Built from one random seed per ruleset so jqwik can still shrink the seed and size.
 */
final class RulesetArbitraries {
    private static final List<String> USER_CHAINS = List.of("DOCKER", "DOCKER-USER", "a", "b-2", "LOGDROP");

    private RulesetArbitraries() {
    }

    static Arbitrary<Ruleset> rulesets() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 12)
                .map(size -> ruleset(new Random(seed), size)));
    }

    static Ruleset ruleset(Random r, int size) {
        Ruleset ruleset = Ruleset.EMPTY;
        for (TableName t : List.of(TableName.RAW, TableName.MANGLE, TableName.NAT, TableName.FILTER)) {
            if (r.nextInt(4) == 0) {
                continue;
            }
            List<String> users = new ArrayList<>();
            for (String u : USER_CHAINS) {
                if (r.nextBoolean()) {
                    users.add(u);
                }
            }
            List<Chain> chains = new ArrayList<>();
            for (String b : t.builtinChains()) {
                chains.add(new Chain(b, r.nextBoolean() ? Policy.ACCEPT : Policy.DROP, counters(r),
                        rules(r, size, t, b, users, -1)));
            }
            for (int i = 0; i < users.size(); i++) {
                chains.add(Chain.user(users.get(i), rules(r, size, t, users.get(i), users, i)));
            }
            ruleset = ruleset.with(new Table(t, chains));
        }
        return ruleset;
    }

    private static Counters counters(Random r) {
        return r.nextInt(3) == 0 ? Counters.ZERO : new Counters((r.nextLong() >>> 1) >>> r.nextInt(63), (r.nextLong() >>> 1) >>> r.nextInt(63));
    }

    private static List<Rule> rules(Random r, int size, TableName table, String chain, List<String> users, int index) {
        List<Rule> rules = new ArrayList<>();
        int n = size == 0 ? 0 : r.nextInt(size + 1);
        for (int i = 0; i < n; i++) {
            rules.add(rule(r, table, chain, users, index));
        }
        return rules;
    }

    private static <T> Negatable<T> neg(Random r, T value) {
        return new Negatable<>(value, r.nextInt(4) == 0);
    }

    private static <T> T maybe(Random r, T value) {
        return r.nextBoolean() ? value : null;
    }

    private static Cidr cidr(Random r) {
        return new Cidr(new Ipv4Address(r.nextInt()), 1 + r.nextInt(32));
    }

    private static PortRange ports(Random r) {
        int a = r.nextInt(65536);
        return r.nextBoolean() ? PortRange.single(a) : new PortRange(a, a + r.nextInt(65536 - a));
    }

    private static InterfaceName iface(Random r) {
        String[] names = {"eth0", "docker0", "veth+", "br-995e2caec5d2", "lo", "+"};
        return new InterfaceName(names[r.nextInt(names.length)]);
    }

    private static Rule rule(Random r, TableName table, String chain, List<String> users, int index) {
        int proto = new int[] {0, IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP, IpProtocol.SCTP, 47}[r.nextInt(6)];
        boolean inOk = !chain.equals("OUTPUT") && !chain.equals("POSTROUTING");
        boolean outOk = !chain.equals("INPUT") && !chain.equals("PREROUTING");
        IpHeaderMatch header = new IpHeaderMatch(maybe(r, neg(r, cidr(r))), maybe(r, neg(r, cidr(r))),
                inOk ? maybe(r, neg(r, iface(r))) : null, outOk ? maybe(r, neg(r, iface(r))) : null,
                proto == 0 ? null : new Negatable<>(proto, false),
                FragmentMatch.values()[r.nextInt(3)]);
        List<Match> matches = new ArrayList<>();
        int count = r.nextInt(4);
        for (int i = 0; i < count; i++) {
            Match m = match(r, proto);
            if (m != null && matches.stream().noneMatch(x -> x.module().equals(m.module()) && !(m instanceof CommentMatch))) {
                matches.add(m);
            }
        }
        return new Rule(header, matches, target(r, table, chain, users, index, proto), counters(r));
    }

    private static Match match(Random r, int proto) {
        switch (r.nextInt(13)) {
            case 0:
                return proto == IpProtocol.TCP ? new TcpMatch(maybe(r, neg(r, ports(r))), maybe(r, neg(r, ports(r))),
                        maybe(r, neg(r, new TcpFlagsSpec(r.nextInt(64), r.nextInt(64)))),
                        maybe(r, neg(r, 1 + r.nextInt(255)))) : null;
            case 1:
                return proto == IpProtocol.UDP ? new UdpMatch(maybe(r, neg(r, ports(r))), maybe(r, neg(r, ports(r))))
                        : proto == IpProtocol.SCTP ? new SctpMatch(maybe(r, neg(r, ports(r))), maybe(r, neg(r, ports(r))))
                        : null;
            case 2:
                if (proto != IpProtocol.ICMP) {
                    return null;
                }
                int type = r.nextInt(256);
                return new IcmpMatch(neg(r, r.nextBoolean() ? IcmpTypeSpec.type(type)
                        : IcmpTypeSpec.typeAndCode(type, r.nextInt(256))));
            case 3:
                if (proto != IpProtocol.TCP && proto != IpProtocol.UDP) {
                    return null;
                }
                List<PortRange> list = new ArrayList<>();
                for (int i = 0, n = 1 + r.nextInt(7); i < n; i++) {
                    list.add(ports(r));
                }
                return new MultiportMatch(MultiportMatch.Direction.values()[r.nextInt(3)], list, r.nextBoolean());
            case 4: {
                boolean src = r.nextBoolean();
                boolean limitIn = r.nextInt(3) == 0;
                return new AddrtypeMatch(src ? neg(r, someOf(r, AddressType.class)) : null,
                        !src || r.nextBoolean() ? neg(r, someOf(r, AddressType.class)) : null, false, false);
            }
            case 5:
                return new ConntrackMatch(maybe(r, neg(r, someOf(r, CtState.class))),
                        maybe(r, neg(r, 1 + r.nextInt(255))), maybe(r, neg(r, cidr(r))), maybe(r, neg(r, cidr(r))),
                        maybe(r, neg(r, cidr(r))), maybe(r, neg(r, cidr(r))), maybe(r, neg(r, ports(r))),
                        maybe(r, neg(r, ports(r))), maybe(r, neg(r, ports(r))), maybe(r, neg(r, ports(r))),
                        maybe(r, neg(r, someOf(r, CtStatus.class))),
                        maybe(r, ConntrackMatch.Direction.values()[r.nextInt(2)]));
            case 6: {
                Set<CtState> s = someOf(r, CtState.class);
                s.remove(CtState.SNAT);
                s.remove(CtState.DNAT);
                return s.isEmpty() ? null : new StateMatch(neg(r, s));
            }
            case 7:
                return new MarkMatch(r.nextInt() & 0xffff_ffffL, r.nextBoolean() ? 0xffff_ffffL : r.nextInt() & 0xffff_ffffL,
                        r.nextBoolean());
            case 8:
                return new CommentMatch(comment(r));
            case 9: {
                Negatable<InterfaceName> out = maybe(r, neg(r, iface(r)));
                FlagOption isOut = FlagOption.values()[r.nextInt(3)];
                // Output-side physdev options need --physdev-is-bridged, or OUTPUT refuses them.
                FlagOption bridged = out != null || isOut != FlagOption.ABSENT ? FlagOption.SET
                        : FlagOption.values()[1 + r.nextInt(2)];
                return new PhysdevMatch(maybe(r, neg(r, iface(r))), out, FlagOption.values()[r.nextInt(3)], isOut,
                        bridged);
            }
            case 10: {
                Ipv4Address a = new Ipv4Address(r.nextInt());
                Ipv4Address b = new Ipv4Address(r.nextInt());
                AddressRange range = a.compareTo(b) <= 0 ? new AddressRange(a, b) : new AddressRange(b, a);
                return new IprangeMatch(neg(r, range), maybe(r, neg(r, range)));
            }
            case 11: {
                // As --limit N/unit parses: a period of 10000 * unit / N, N up to 10000 (faster is refused).
                long unit = new long[] {1, 60, 3600, 86400}[r.nextInt(4)];
                return new LimitMatch(LimitMatch.SCALE * unit / (1 + r.nextInt(10_000)), 1 + r.nextInt(10_000));
            }
            default:
                return null;
        }
    }

    private static <E extends Enum<E>> Set<E> someOf(Random r, Class<E> type) {
        E[] all = type.getEnumConstants();
        Set<E> set = EnumSet.noneOf(type);
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            set.add(all[r.nextInt(all.length)]);
        }
        return set;
    }

    private static String comment(Random r) {
        String alphabet = "abcXYZ019 _-\"'\\/*.:!#$%&()[]{}\t";
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(20); i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static Target target(Random r, TableName table, String chain, List<String> users, int index, int proto) {
        boolean portProto = proto == IpProtocol.TCP || proto == IpProtocol.UDP || proto == IpProtocol.SCTP;
        switch (r.nextInt(16)) {
            case 0: return Accept.INSTANCE;
            case 1: return table == TableName.NAT ? Accept.INSTANCE : Drop.INSTANCE;
            case 2: return Return.INSTANCE;
            case 3: return null;
            case 4:
                return new Log(r.nextInt(8), maybe(r, comment(r).substring(0, 1) + "x: "), r.nextBoolean(),
                        r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
            case 5: return new MarkTarget(r.nextInt() & 0xffff_ffffL, r.nextInt() & 0xffff_ffffL);
            case 6: {
                ConnmarkTarget.Mode mode = ConnmarkTarget.Mode.values()[r.nextInt(3)];
                return mode == ConnmarkTarget.Mode.SET_XMARK
                        ? new ConnmarkTarget(mode, r.nextInt() & 0xffff_ffffL, r.nextInt() & 0xffff_ffffL, 0)
                        : new ConnmarkTarget(mode, 0, r.nextInt() & 0xffff_ffffL, r.nextInt() & 0xffff_ffffL);
            }
            case 7: return Trace.INSTANCE;
            case 8: case 9: {
                List<String> below = users.subList(index + 1, users.size());
                if (below.isEmpty()) {
                    return Accept.INSTANCE;
                }
                String to = below.get(r.nextInt(below.size()));
                return r.nextBoolean() ? new Jump(to) : new Goto(to);
            }
            default:
                return restricted(r, table, chain, portProto);
        }
    }

    private static Target restricted(Random r, TableName table, String chain, boolean portProto) {
        PortRange ports = portProto && r.nextBoolean() ? ports(r) : null;
        AddressRange addresses = maybe(r, AddressRange.single(new Ipv4Address(r.nextInt())));
        NatRange to = addresses == null && ports == null
                ? new NatRange(AddressRange.single(Ipv4Address.of(172, 17, 0, 2)), null) : new NatRange(addresses, ports);
        switch (table) {
            case NAT:
                if (chain.equals("PREROUTING") || chain.equals("OUTPUT")) {
                    return r.nextBoolean() ? new Dnat(to, r.nextBoolean(), r.nextBoolean()) : new Redirect(ports, r.nextBoolean());
                }
                if (chain.equals("POSTROUTING")) {
                    return r.nextBoolean() ? new Masquerade(ports, r.nextBoolean(), r.nextBoolean())
                            : new Snat(to, r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
                }
                return chain.equals("INPUT") ? new Snat(to, false, r.nextBoolean(), false) : Accept.INSTANCE;
            case FILTER:
                return chain.equals("INPUT") || chain.equals("FORWARD") || chain.equals("OUTPUT")
                        ? new Reject(RejectWith.values()[r.nextInt(RejectWith.values().length - 1)]) : Drop.INSTANCE;
            case RAW:
                return r.nextBoolean() ? CtTarget.NOTRACK : r.nextBoolean() ? CtTarget.NOTRACK_ALIAS
                        : new CtTarget(false, null, r.nextInt(5));
            case MANGLE:
                return new ChecksumTarget(true);
            default:
                return Accept.INSTANCE;
        }
    }
}
