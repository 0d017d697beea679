package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.rule.IcmpMatch;
import io.bridgelab.netfilter.rule.IcmpTypeSpec;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.SctpMatch;
import io.bridgelab.netfilter.rule.TcpFlagsSpec;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The layer-4 match modules: tcp, udp, sctp, icmp and multiport. */
final class TransportMatchParsers {
    private TransportMatchParsers() {
    }

    static void requireProtocol(Token origin, Negatable<Integer> protocol, String module, Set<Integer> allowed,
                                String message) throws ParseException {
        if (protocol == null || protocol.negated() || !allowed.contains(protocol.value())) {
            throw ParseException.at(origin, module + " match requires " + message);
        }
    }

    /**
     * A full 0:65535 range matches every port; iptables-nft drops it from the rule, so we do too
     * (the {@code -m tcp} itself stays).
     */
    static Negatable<PortRange> ports(Token option, boolean negated, Cursor cursor) throws ParseException {
        Token value = cursor.argument(option);
        PortRange range = Values.portRange(value, value.text(), ':');
        return range.equals(PortRange.ALL) && !negated ? null : new Negatable<>(range, negated);
    }

    /** The long name of a port option, the one iptables names in its errors. */
    static String canonicalPorts(String option) {
        return switch (option) {
            case "--sport" -> "--source-port";
            case "--dport" -> "--destination-port";
            default -> option;
        };
    }

    /** libxt_tcp and libxt_sctp still parse their options by hand, and word a repeated one their own way. */
    static String onlyOne(String canonical) {
        return "Only one `" + canonical + "' allowed";
    }

    /** {@code -m tcp}. */
    static final class Tcp extends MatchParser {
        private Negatable<PortRange> sport;
        private Negatable<PortRange> dport;
        private Negatable<TcpFlagsSpec> flags;
        private Negatable<Integer> tcpOption;

        Tcp(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "tcp";
        }

        @Override
        boolean accepts(String option) {
            return switch (option) {
                case "--sport", "--source-port", "--dport", "--destination-port", "--tcp-flags", "--syn",
                     "--tcp-option" -> true;
                default -> false;
            };
        }

        @Override
        String canonical(String option) {
            return option.equals("--syn") ? "--tcp-flags" : canonicalPorts(option);
        }

        @Override
        String repeated(String canonical) {
            // Two spaces before "allowed", as iptables prints it.
            return canonical.equals("--tcp-flags") ? "Only one of `--syn' or `--tcp-flags'  allowed" : onlyOne(canonical);
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            switch (canonical(option.text())) {
                case "--source-port" -> sport = ports(option, negated, cursor);
                case "--destination-port" -> dport = ports(option, negated, cursor);
                case "--tcp-flags" -> {
                    if (option.text().equals("--syn")) {
                        flags = new Negatable<>(TcpFlagsSpec.SYN, negated);
                    } else {
                        Token mask = cursor.argument(option);
                        Token compare = cursor.argument(option);
                        flags = new Negatable<>(new TcpFlagsSpec(flagSet(mask), flagSet(compare)), negated);
                    }
                }
                default -> {
                    Token value = cursor.argument(option);
                    var n = Numbers.unsigned(value.text(), 255);
                    if (n.isEmpty() || n.getAsInt() == 0) {
                        throw ParseException.at(value, "tcp: bad --tcp-option `" + value.text() + "' (want 1..255)");
                    }
                    tcpOption = new Negatable<>(n.getAsInt(), negated);
                }
            }
        }

        private static int flagSet(Token token) throws ParseException {
            int bits = 0;
            for (String name : token.text().split(",", -1)) {
                int bit = TcpFlagNames.bit(name.toUpperCase(Locale.ROOT));
                if (bit < 0) {
                    throw ParseException.at(token, "tcp: unknown TCP flag `" + name + "'");
                }
                bits |= bit;
            }
            return bits;
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            requireProtocol(origin, protocol, "TCP", Set.of(IpProtocol.TCP), "'-p tcp'");
            return new TcpMatch(sport, dport, flags, tcpOption);
        }
    }

    /** What builds a ports-only match from its two optional port ranges. */
    @FunctionalInterface
    interface PortsMatchFactory {
        Match create(Negatable<PortRange> sport, Negatable<PortRange> dport);
    }

    /**
     * {@code -m udp} and {@code -m sctp} (ports only): the same two options, each at most once, under their own
     * module and protocol.
     */
    static final class PortsOnly extends MatchParser {
        private final String module;
        private final String protocolName;
        private final int protocolNumber;
        private final PortsMatchFactory factory;
        private final boolean handParsed;
        private Negatable<PortRange> sport;
        private Negatable<PortRange> dport;

        private PortsOnly(Token origin, String module, int protocolNumber, PortsMatchFactory factory,
                          boolean handParsed) {
            super(origin);
            this.module = module;
            this.protocolName = module.toUpperCase(Locale.ROOT);
            this.protocolNumber = protocolNumber;
            this.factory = factory;
            this.handParsed = handParsed;
        }

        static PortsOnly udp(Token origin) {
            return new PortsOnly(origin, "udp", IpProtocol.UDP, UdpMatch::new, false);
        }

        static PortsOnly sctp(Token origin) {
            return new PortsOnly(origin, "sctp", IpProtocol.SCTP, SctpMatch::new, true);
        }

        @Override
        String module() {
            return module;
        }

        @Override
        boolean accepts(String option) {
            return switch (option) {
                case "--sport", "--source-port", "--dport", "--destination-port" -> true;
                default -> false;
            };
        }

        @Override
        String canonical(String option) {
            return canonicalPorts(option);
        }

        @Override
        String repeated(String canonical) {
            return handParsed ? onlyOne(canonical) : super.repeated(canonical);
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            if (canonical(option.text()).equals("--source-port")) {
                sport = ports(option, negated, cursor);
            } else {
                dport = ports(option, negated, cursor);
            }
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            requireProtocol(origin, protocol, protocolName, Set.of(protocolNumber), "'-p " + module + "'");
            return factory.create(sport, dport);
        }
    }

    /** {@code -m icmp}; without {@code --icmp-type} it matches any type, as the kernel's default does. */
    static final class Icmp extends MatchParser {
        private Negatable<IcmpTypeSpec> type;

        Icmp(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "icmp";
        }

        @Override
        boolean accepts(String option) {
            return option.equals("--icmp-type");
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            Token value = cursor.argument(option);
            IcmpTypeSpec spec = IcmpTypes.parse(value.text());
            if (spec == null) {
                throw ParseException.at(value, "icmp: invalid ICMP type `" + value.text() + "' specified");
            }
            type = new Negatable<>(spec, negated);
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            requireProtocol(origin, protocol, "ICMP", Set.of(IpProtocol.ICMP), "'-p icmp'");
            return new IcmpMatch(type != null ? type : Negatable.of(IcmpTypeSpec.type(IcmpTypeSpec.ANY_TYPE)));
        }
    }

    /** {@code -m multiport --sports|--dports|--ports [!] LIST}. */
    static final class Multiport extends MatchParser {
        /** iptables' order of the three options, in which its error names two of them. */
        private static final List<String> NAMES = List.of("--source-ports", "--destination-ports", "--ports");

        private String chosen;
        private MultiportMatch.Direction direction;
        private List<PortRange> ports;
        private boolean negated;

        Multiport(Token origin) {
            super(origin);
        }

        @Override
        String module() {
            return "multiport";
        }

        @Override
        boolean accepts(String option) {
            return switch (option) {
                case "--sports", "--source-ports", "--dports", "--destination-ports", "--ports" -> true;
                default -> false;
            };
        }

        @Override
        String canonical(String option) {
            return switch (option) {
                case "--sports" -> "--source-ports";
                case "--dports" -> "--destination-ports";
                default -> option;
            };
        }

        @Override
        void option(Token option, boolean negated, Cursor cursor) throws ParseException {
            once(option);
            String name = canonical(option.text());
            if (chosen != null) {
                boolean inOrder = NAMES.indexOf(chosen) < NAMES.indexOf(name);
                throw ParseException.at(option, "multiport: option \"" + (inOrder ? chosen : name)
                        + "\" cannot be used together with \"" + (inOrder ? name : chosen) + "\".");
            }
            chosen = name;
            direction = switch (name) {
                case "--source-ports" -> MultiportMatch.Direction.SOURCE;
                case "--destination-ports" -> MultiportMatch.Direction.DESTINATION;
                default -> MultiportMatch.Direction.EITHER;
            };
            Token value = cursor.argument(option);
            List<PortRange> list = new ArrayList<>();
            int slots = 0;
            for (String part : value.text().split(",", -1)) {
                PortRange range = Values.portRange(value, part, ':');
                slots += range.isSingle() ? 1 : 2;
                if (slots > 15) {
                    throw ParseException.at(value, "too many ports specified (multiport takes 15, a range counts two)");
                }
                list.add(range);
            }
            this.ports = list;
            this.negated = negated;
        }

        @Override
        Match build(Negatable<Integer> protocol) throws ParseException {
            requireProtocol(origin, protocol, "multiport", Set.of(IpProtocol.TCP, IpProtocol.UDP, IpProtocol.UDPLITE,
                    IpProtocol.SCTP, 33), "`-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
            if (direction == null) {
                throw ParseException.at(origin, "multiport expects an option (--sports, --dports or --ports)");
            }
            return new MultiportMatch(direction, ports, negated);
        }
    }
}
