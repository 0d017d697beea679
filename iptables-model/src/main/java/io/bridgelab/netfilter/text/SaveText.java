package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.CtStatus;
import io.bridgelab.netfilter.rule.FlagOption;
import io.bridgelab.netfilter.rule.FragmentMatch;
import io.bridgelab.netfilter.rule.IcmpMatch;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.IprangeMatch;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.MarkMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PhysdevMatch;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.SctpMatch;
import io.bridgelab.netfilter.rule.StateMatch;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A rule's options as iptables-save and {@code iptables -S} print them: header options in the order
 * {@code -s -d -i -o -p -f}, each module's options in the order its save function prints them, a
 * {@code !} before the option it negates, and strings quoted like xtables_save_string.
 */
final class SaveText {

    private SaveText() {
    }

    /** {@code -A CHAIN ...} without counters. */
    static String rule(String chain, Rule rule) {
        StringBuilder s = new StringBuilder("-A ").append(chain);
        header(s, rule.header());
        for (Match m : rule.matches()) {
            s.append(" -m ").append(m.module());
            match(s, m);
        }
        TargetText.save(s, rule.target());
        return s.toString();
    }

    private static void header(StringBuilder s, IpHeaderMatch h) {
        // What matches everything is not stored by iptables, so it is not printed either.
        neg(s, anyAddress(h.source()) ? null : h.source(), "-s", c -> c.toString());
        neg(s, anyAddress(h.destination()) ? null : h.destination(), "-d", c -> c.toString());
        neg(s, anyInterface(h.inInterface()) ? null : h.inInterface(), "-i", i -> i.pattern());
        neg(s, anyInterface(h.outInterface()) ? null : h.outInterface(), "-o", i -> i.pattern());
        neg(s, h.protocol() != null && h.protocol().value() == 0 && !h.protocol().negated() ? null : h.protocol(),
                "-p", Protocols::name);
        if (h.fragment() == FragmentMatch.LATER_FRAGMENTS) {
            s.append(" -f");
        } else if (h.fragment() == FragmentMatch.NOT_LATER_FRAGMENTS) {
            s.append(" ! -f");
        }
    }

    static boolean anyAddress(Negatable<io.bridgelab.netfilter.packet.Cidr> c) {
        return c != null && !c.negated() && c.value().prefixLength() == 0;
    }

    static boolean anyInterface(Negatable<io.bridgelab.netfilter.rule.InterfaceName> i) {
        return i != null && !i.negated() && i.value().pattern().equals("+");
    }

    /** A full 0:65535 port range that is not negated matches every port; iptables-nft drops it. */
    static Negatable<PortRange> ports(Negatable<PortRange> p) {
        return p != null && !p.negated() && p.value().equals(PortRange.ALL) ? null : p;
    }

    static <T> void neg(StringBuilder s, Negatable<T> value, String option, Function<T, String> format) {
        if (value == null) {
            return;
        }
        s.append(value.negated() ? " ! " : " ").append(option).append(' ').append(format.apply(value.value()));
    }

    private static void flag(StringBuilder s, FlagOption flag, String option) {
        if (flag == FlagOption.SET) {
            s.append(' ').append(option);
        } else if (flag == FlagOption.NEGATED) {
            s.append(" ! ").append(option);
        }
    }

    private static void match(StringBuilder s, Match m) {
        if (m instanceof TcpMatch t) {
            neg(s, ports(t.sourcePort()), "--sport", PortRange::toString);
            neg(s, ports(t.destinationPort()), "--dport", PortRange::toString);
            neg(s, t.option(), "--tcp-option", String::valueOf);
            neg(s, t.flags(), "--tcp-flags", f -> TcpFlagNames.format(f.mask()) + " "
                    + TcpFlagNames.format(f.compare()));
        } else if (m instanceof UdpMatch u) {
            neg(s, ports(u.sourcePort()), "--sport", PortRange::toString);
            neg(s, ports(u.destinationPort()), "--dport", PortRange::toString);
        } else if (m instanceof SctpMatch sc) {
            neg(s, ports(sc.sourcePort()), "--sport", PortRange::toString);
            neg(s, ports(sc.destinationPort()), "--dport", PortRange::toString);
        } else if (m instanceof IcmpMatch i) {
            neg(s, i.icmpType(), "--icmp-type", IcmpTypes::save);
        } else if (m instanceof MultiportMatch mp) {
            String option = switch (mp.direction()) {
                case SOURCE -> "--sports";
                case DESTINATION -> "--dports";
                case EITHER -> "--ports";
            };
            s.append(mp.negated() ? " ! " : " ").append(option).append(' ').append(portList(mp.ports()));
        } else if (m instanceof AddrtypeMatch a) {
            neg(s, a.sourceType(), "--src-type", SaveText::types);
            neg(s, a.destinationType(), "--dst-type", SaveText::types);
            if (a.limitIfaceIn()) {
                s.append(" --limit-iface-in");
            }
            if (a.limitIfaceOut()) {
                s.append(" --limit-iface-out");
            }
        } else if (m instanceof ConntrackMatch c) {
            conntrack(s, c);
        } else if (m instanceof StateMatch st) {
            neg(s, st.state(), "--state", SaveText::states);
        } else if (m instanceof MarkMatch mk) {
            s.append(mk.negated() ? " ! " : " ").append("--mark ").append(mark(mk.value(), mk.mask()));
        } else if (m instanceof CommentMatch c) {
            s.append(" --comment").append(quote(c.text()));
        } else if (m instanceof PhysdevMatch p) {
            // libxt_physdev's order: is-in, in, is-out, out, is-bridged.
            flag(s, p.isIn(), "--physdev-is-in");
            neg(s, p.physdevIn(), "--physdev-in", i -> i.pattern());
            flag(s, p.isOut(), "--physdev-is-out");
            neg(s, p.physdevOut(), "--physdev-out", i -> i.pattern());
            flag(s, p.isBridged(), "--physdev-is-bridged");
        } else if (m instanceof IprangeMatch r) {
            neg(s, r.sourceRange(), "--src-range", SaveText::range);
            neg(s, r.destinationRange(), "--dst-range", SaveText::range);
        } else if (m instanceof LimitMatch l) {
            // libxt_limit's save: the burst only when it is not the default.
            s.append(" --limit ").append(l.rateText());
            if (l.burst() != LimitMatch.DEFAULT_BURST) {
                s.append(" --limit-burst ").append(l.burst());
            }
        } else {
            throw new IllegalArgumentException("no save form for match " + m);
        }
    }

    private static void conntrack(StringBuilder s, ConntrackMatch c) {
        neg(s, c.state(), "--ctstate", SaveText::states);
        neg(s, c.protocol(), "--ctproto", String::valueOf);
        neg(s, c.originalSource(), "--ctorigsrc", SaveText::cidr);
        neg(s, c.originalDestination(), "--ctorigdst", SaveText::cidr);
        neg(s, c.replySource(), "--ctreplsrc", SaveText::cidr);
        neg(s, c.replyDestination(), "--ctrepldst", SaveText::cidr);
        neg(s, c.originalSourcePort(), "--ctorigsrcport", PortRange::toString);
        neg(s, c.originalDestinationPort(), "--ctorigdstport", PortRange::toString);
        neg(s, c.replySourcePort(), "--ctreplsrcport", PortRange::toString);
        neg(s, c.replyDestinationPort(), "--ctrepldstport", PortRange::toString);
        neg(s, c.status(), "--ctstatus", SaveText::statuses);
        if (c.direction() != null) {
            s.append(" --ctdir ").append(c.direction().name());
        }
    }

    /** conntrack prints a host address without {@code /32}. */
    static String cidr(io.bridgelab.netfilter.packet.Cidr c) {
        return c.prefixLength() == 32 ? c.network().toString() : c.toString();
    }

    static String range(AddressRange r) {
        return r.first() + "-" + r.last();
    }

    static String portList(List<PortRange> ports) {
        List<String> parts = new ArrayList<>();
        for (PortRange p : ports) {
            parts.add(p.toString());
        }
        return String.join(",", parts);
    }

    static String types(Set<AddressType> types) {
        List<String> names = new ArrayList<>();
        for (AddressType t : AddressType.values()) {
            if (types.contains(t)) {
                names.add(t.name());
            }
        }
        return String.join(",", names);
    }

    static String states(Set<CtState> states) {
        List<String> names = new ArrayList<>();
        for (CtState st : CtState.values()) {
            if (states.contains(st)) {
                names.add(st.name());
            }
        }
        return String.join(",", names);
    }

    static String statuses(Set<CtStatus> statuses) {
        List<String> names = new ArrayList<>();
        for (CtStatus st : CtStatus.values()) {
            if (statuses.contains(st) && (st != CtStatus.NONE || statuses.size() == 1)) {
                names.add(st.name());
            }
        }
        return String.join(",", names);
    }

    /** {@code 0x1} or {@code 0x10/0xf0}: the mask is left out when it is all ones. */
    static String mark(long value, long mask) {
        return mask == 0xffff_ffffL ? "0x" + Long.toHexString(value)
                : "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }

    /**
     * xtables_save_string: a value made only of letters, digits, '_' and '-' is printed bare; anything
     * else is double-quoted with {@code "}, {@code \} and {@code '} backslash-escaped. The result starts
     * with the separating space.
     */
    static String quote(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        if (plain) {
            return " " + value;
        }
        StringBuilder s = new StringBuilder(" \"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == '\'') {
                s.append('\\');
            }
            s.append(c);
        }
        return s.append('"').toString();
    }
}
