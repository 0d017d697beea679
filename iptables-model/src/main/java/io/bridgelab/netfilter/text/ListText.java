package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.FlagOption;
import io.bridgelab.netfilter.rule.IcmpMatch;
import io.bridgelab.netfilter.rule.IprangeMatch;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.MarkMatch;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PhysdevMatch;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.SctpMatch;
import io.bridgelab.netfilter.rule.StateMatch;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import java.util.function.Function;

/**
 * What {@code iptables -nL} prints for a match module after the address columns (each module's print
 * function, numeric mode): {@code tcp dpt:8088}, {@code ADDRTYPE match dst-type LOCAL},
 * {@code ctstate RELATED,ESTABLISHED}, {@code /* comment * /}. Every piece starts with a space.
 */
final class ListText {
    private ListText() {
    }

    static String match(Match m) {
        StringBuilder s = new StringBuilder();
        if (m instanceof TcpMatch t) {
            s.append(" tcp");
            ports(s, "spt", SaveText.ports(t.sourcePort()));
            ports(s, "dpt", SaveText.ports(t.destinationPort()));
            if (t.option() != null) {
                s.append(" option=").append(t.option().negated() ? "!" : "").append(t.option().value());
            }
            if (t.flags() != null) {
                s.append(" flags:").append(t.flags().negated() ? "!" : "")
                        .append(String.format("0x%02X/0x%02X", t.flags().value().mask(), t.flags().value().compare()));
            }
        } else if (m instanceof UdpMatch u) {
            s.append(" udp");
            ports(s, "spt", SaveText.ports(u.sourcePort()));
            ports(s, "dpt", SaveText.ports(u.destinationPort()));
        } else if (m instanceof SctpMatch sc) {
            s.append(" sctp");
            ports(s, "spt", SaveText.ports(sc.sourcePort()));
            ports(s, "dpt", SaveText.ports(sc.destinationPort()));
        } else if (m instanceof IcmpMatch i) {
            // libxt_icmp prints " icmp" then "type N" with no space unless negated: "icmptype 8".
            s.append(" icmp").append(i.icmpType().negated() ? " !" : "").append(IcmpTypes.list(i.icmpType().value()));
        } else if (m instanceof MultiportMatch mp) {
            s.append(" multiport ").append(switch (mp.direction()) {
                case SOURCE -> "sports";
                case DESTINATION -> "dports";
                case EITHER -> "ports";
            }).append(' ').append(mp.negated() ? " !" : "").append(SaveText.portList(mp.ports()));
        } else if (m instanceof AddrtypeMatch a) {
            s.append(" ADDRTYPE match");
            if (a.sourceType() != null) {
                s.append(" src-type ").append(a.sourceType().negated() ? "!" : "").append(SaveText.types(a.sourceType().value()));
            }
            if (a.destinationType() != null) {
                s.append(" dst-type ").append(a.destinationType().negated() ? "!" : "")
                        .append(SaveText.types(a.destinationType().value()));
            }
            if (a.limitIfaceIn()) {
                s.append(" limit-in");
            }
            if (a.limitIfaceOut()) {
                s.append(" limit-out");
            }
        } else if (m instanceof ConntrackMatch c) {
            conntrack(s, c);
        } else if (m instanceof StateMatch st) {
            s.append(st.state().negated() ? " !" : "").append(" state ").append(SaveText.states(st.state().value()));
        } else if (m instanceof MarkMatch mk) {
            s.append(" mark match").append(mk.negated() ? " !" : "").append(' ').append(SaveText.mark(mk.value(), mk.mask()));
        } else if (m instanceof CommentMatch c) {
            s.append(" /* ").append(c.text()).append(" */");
        } else if (m instanceof PhysdevMatch p) {
            s.append(" PHYSDEV match");
            // libxt_physdev's order: is-in, in, is-out, out, is-bridged.
            flag(s, p.isIn(), "--physdev-is-in");
            opt(s, p.physdevIn(), "--physdev-in", i -> i.pattern());
            flag(s, p.isOut(), "--physdev-is-out");
            opt(s, p.physdevOut(), "--physdev-out", i -> i.pattern());
            flag(s, p.isBridged(), "--physdev-is-bridged");
        } else if (m instanceof IprangeMatch r) {
            if (r.sourceRange() != null) {
                s.append(" source IP range ").append(r.sourceRange().negated() ? "! " : "")
                        .append(SaveText.range(r.sourceRange().value()));
            }
            if (r.destinationRange() != null) {
                s.append(" destination IP range ").append(r.destinationRange().negated() ? "! " : "")
                        .append(SaveText.range(r.destinationRange().value()));
            }
        } else if (m instanceof LimitMatch l) {
            s.append(" limit: avg ").append(l.rateText()).append(" burst ").append(l.burst());
        } else {
            throw new IllegalArgumentException("no listing form for match " + m);
        }
        return s.toString();
    }

    /** libxt_tcp/udp print_ports: {@code dpt:80}, {@code dpts:1:1023}, {@code spt:!80}. */
    private static void ports(StringBuilder s, String name, Negatable<PortRange> p) {
        if (p == null) {
            return;
        }
        PortRange r = p.value();
        String inv = p.negated() ? "!" : "";
        if (r.isSingle()) {
            s.append(' ').append(name).append(':').append(inv).append(r.first());
        } else {
            s.append(' ').append(name).append("s:").append(inv).append(r.first()).append(':').append(r.last());
        }
    }

    private static <T> void opt(StringBuilder s, Negatable<T> v, String option, Function<T, String> format) {
        if (v != null) {
            s.append(v.negated() ? " ! " : " ").append(option).append(' ').append(format.apply(v.value()));
        }
    }

    private static void flag(StringBuilder s, FlagOption flag, String option) {
        if (flag == FlagOption.SET) {
            s.append(' ').append(option);
        } else if (flag == FlagOption.NEGATED) {
            s.append(" ! ").append(option);
        }
    }

    private static <T> void ct(StringBuilder s, Negatable<T> v, String name, Function<T, String> format) {
        if (v != null) {
            s.append(v.negated() ? " !" : "").append(' ').append(name).append(' ').append(format.apply(v.value()));
        }
    }

    private static void conntrack(StringBuilder s, ConntrackMatch c) {
        Function<Cidr, String> addr = SaveText::cidr;
        ct(s, c.state(), "ctstate", SaveText::states);
        ct(s, c.protocol(), "ctproto", String::valueOf);
        ct(s, c.originalSource(), "ctorigsrc", addr);
        ct(s, c.originalDestination(), "ctorigdst", addr);
        ct(s, c.replySource(), "ctreplsrc", addr);
        ct(s, c.replyDestination(), "ctrepldst", addr);
        ct(s, c.originalSourcePort(), "ctorigsrcport", PortRange::toString);
        ct(s, c.originalDestinationPort(), "ctorigdstport", PortRange::toString);
        ct(s, c.replySourcePort(), "ctreplsrcport", PortRange::toString);
        ct(s, c.replyDestinationPort(), "ctrepldstport", PortRange::toString);
        ct(s, c.status(), "ctstatus", SaveText::statuses);
        if (c.direction() != null) {
            s.append(" ctdir ").append(c.direction().name());
        }
    }
}
