package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.eval.HeaderMatcher.NO;
import static io.bridgelab.netfilter.eval.HeaderMatcher.neg;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.ConntrackMatch;
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
import io.bridgelab.netfilter.rule.TcpFlagsSpec;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;

import java.util.Set;

/**
 * Evaluates match modules as their kernel {@code match} functions do. Null means the module matched;
 * otherwise the reason (or {@link HeaderMatcher#NO} when not explaining). Port matches never match a
 * later fragment, whatever their negation (the kernel returns false before looking at the options).
 */
final class ModuleMatcher {
    private ModuleMatcher() {
    }

    static String check(Match m, EvalPacket p) {
        // Java 17 has no pattern switch: an if-chain over the sealed family, failing loudly on a new member.
        if (m instanceof TcpMatch t) {
            return tcp(t, p);
        } else if (m instanceof UdpMatch u) {
            return udp(u, p);
        } else if (m instanceof IcmpMatch i) {
            return icmp(i, p);
        } else if (m instanceof MultiportMatch mp) {
            return multiport(mp, p);
        } else if (m instanceof AddrtypeMatch a) {
            return addrtype(a, p);
        } else if (m instanceof ConntrackMatch c) {
            return ConntrackMatcher.check(c, p);
        } else if (m instanceof StateMatch s) {
            return ConntrackMatcher.state(s, p);
        } else if (m instanceof MarkMatch mark) {
            return mark.test(p.packet.metadata().mark()) ? null
                    : p.explain ? "-m mark " + (mark.negated() ? "! " : "") + "--mark 0x" + Long.toHexString(mark.value())
                    + "/0x" + Long.toHexString(mark.mask()) + " did not match: mark=0x"
                    + Integer.toHexString(p.packet.metadata().mark()) : NO;
        } else if (m instanceof CommentMatch) {
            return null;
        } else if (m instanceof PhysdevMatch d) {
            return physdev(d, p);
        } else if (m instanceof IprangeMatch r) {
            return iprange(r, p);
        } else if (m instanceof SctpMatch sc) {
            return sctp(sc, p);
        } else if (m instanceof LimitMatch) {
            throw new IllegalStateException("-m limit is evaluated with its rule's bucket (TableWalker.why)");
        }
        throw new IllegalStateException("no evaluator for match module " + m.module());
    }

    private static String tcp(TcpMatch t, EvalPacket p) {
        if (p.packet.ip().isLaterFragment() || !(p.packet.transport() instanceof TcpSegment tcp)) {
            return p.explain ? "-m tcp did not match: not a first TCP segment" : NO;
        }
        String r = port(t.sourcePort(), tcp.sourcePort(), "--sport", p.explain);
        if (r == null) {
            r = port(t.destinationPort(), tcp.destinationPort(), "--dport", p.explain);
        }
        if (r == null && t.flags() != null) {
            Negatable<TcpFlagsSpec> f = t.flags();
            if (!f.test(f.value().test(tcp.flags()))) {
                r = p.explain ? neg(f) + "--tcp-flags " + TcpFlags.format(f.value().mask()) + " "
                        + TcpFlags.format(f.value().compare()) + " did not match: flags=" + TcpFlags.format(tcp.flags())
                        : NO;
            }
        }
        if (r == null && t.option() != null && !t.option().test(hasOption(tcp.options(), t.option().value()))) {
            r = p.explain ? neg(t.option()) + "--tcp-option " + t.option().value() + " did not match" : NO;
        }
        return r;
    }

    /** Walks the TCP options like {@code tcp_find_option}: kinds 0 (end) and 1 (no-op) have no length. */
    private static boolean hasOption(Bytes options, int kind) {
        int i = 0;
        while (i < options.length()) {
            int k = options.get(i);
            if (k == kind) {
                return true;
            }
            if (k == 0 || k == 1) {
                i++;
            } else {
                int len = i + 1 < options.length() ? options.get(i + 1) : 0;
                i += Math.max(len, 2);
            }
        }
        return false;
    }

    private static String udp(UdpMatch u, EvalPacket p) {
        if (p.packet.ip().isLaterFragment() || !(p.packet.transport() instanceof UdpDatagram udp)) {
            return p.explain ? "-m udp did not match: not a first UDP fragment" : NO;
        }
        String r = port(u.sourcePort(), udp.sourcePort(), "--sport", p.explain);
        return r != null ? r : port(u.destinationPort(), udp.destinationPort(), "--dport", p.explain);
    }

    /**
     * SCTP is carried undecoded (protocol 132); its common header starts with the two ports, which is all
     * {@code sctp_mt} needs for {@code --sport/--dport}. A header shorter than the ports makes the kernel
     * hot-drop the packet; the model reports it as no match with that reason.
     */
    private static String sctp(SctpMatch s, EvalPacket p) {
        if (p.packet.ip().isLaterFragment() || !(p.packet.transport() instanceof OpaqueTransport o)
                || o.protocol() != SCTP) {
            return p.explain ? "-m sctp did not match: not a first SCTP chunk" : NO;
        }
        if (o.bytes().length() < 4) {
            return p.explain ? "-m sctp did not match: SCTP header truncated (" + o.bytes().length() + " bytes)" : NO;
        }
        int sport = o.bytes().get(0) << 8 | o.bytes().get(1);
        int dport = o.bytes().get(2) << 8 | o.bytes().get(3);
        String r = port(s.sourcePort(), sport, "--sport", p.explain);
        return r != null ? r : port(s.destinationPort(), dport, "--dport", p.explain);
    }

    private static final int SCTP = 132;

    private static String port(Negatable<PortRange> option, int actual, String flag, boolean explain) {
        if (option == null || option.test(option.value().contains(actual))) {
            return null;
        }
        return explain ? neg(option) + flag + " " + option.value() + " did not match: " + flag.substring(2) + "="
                + actual : NO;
    }

    private static String icmp(IcmpMatch i, EvalPacket p) {
        if (p.packet.ip().isLaterFragment() || !(p.packet.transport() instanceof IcmpMessage icmp)) {
            return p.explain ? "-m icmp did not match: not ICMP" : NO;
        }
        if (i.icmpType() == null || i.icmpType().test(i.icmpType().value().test(icmp.type(), icmp.code()))) {
            return null;
        }
        return p.explain ? neg(i.icmpType()) + "--icmp-type " + i.icmpType().value().type() + " did not match: type="
                + icmp.type() + " code=" + icmp.code() : NO;
    }

    private static String multiport(MultiportMatch m, EvalPacket p) {
        Transport t = p.packet.transport();
        if (p.packet.ip().isLaterFragment() || !(t instanceof TcpSegment || t instanceof UdpDatagram)) {
            return p.explain ? "-m multiport did not match: no ports" : NO;
        }
        int sport = p.packet.sourcePort();
        int dport = p.packet.destinationPort();
        boolean hit = switch (m.direction()) {
            case SOURCE -> m.containsPort(sport);
            case DESTINATION -> m.containsPort(dport);
            case EITHER -> m.containsPort(sport) || m.containsPort(dport);
        };
        if (hit != m.negated()) {
            return null;
        }
        return p.explain ? "-m multiport " + (m.negated() ? "! " : "") + m.direction().name().toLowerCase() + " ports "
                + m.ports() + " did not match: sport=" + sport + " dport=" + dport : NO;
    }

    private static String addrtype(AddrtypeMatch a, EvalPacket p) {
        Metadata md = p.packet.metadata();
        String device = a.limitIfaceIn() ? md.inInterface() : a.limitIfaceOut() ? md.outInterface() : null;
        Ipv4Header ip = p.packet.ip();
        String r = type(a.sourceType(), ip.source(), device, "--src-type", p);
        return r != null ? r : type(a.destinationType(), ip.destination(), device, "--dst-type", p);
    }

    private static String type(Negatable<Set<AddressType>> option, Ipv4Address address, String device, String flag,
                               EvalPacket p) {
        if (option == null) {
            return null;
        }
        AddressType actual = p.host.addressType(address, device);
        if (option.test(option.value().contains(actual))) {
            return null;
        }
        return p.explain ? "-m addrtype " + neg(option) + flag + " " + HeaderMatcher.sorted(option.value())
                + " did not match: " + address
                + " is " + actual + (device == null ? "" : " on " + device) : NO;
    }

    private static String physdev(PhysdevMatch d, EvalPacket p) {
        Metadata md = p.packet.metadata();
        boolean bridged = md.physIn() != null || md.physOut() != null;
        if (!bridged) {
            // Not bridged: only options that are all negated can match (physdev_mt's first branch).
            boolean fails = d.isBridged() == io.bridgelab.netfilter.rule.FlagOption.SET
                    || d.isIn() == io.bridgelab.netfilter.rule.FlagOption.SET
                    || d.isOut() == io.bridgelab.netfilter.rule.FlagOption.SET
                    || (d.physdevIn() != null && !d.physdevIn().negated())
                    || (d.physdevOut() != null && !d.physdevOut().negated());
            return fails ? (p.explain ? "-m physdev did not match: not a bridged frame" : NO) : null;
        }
        if (!d.isBridged().test(md.physOut() != null) || !d.isIn().test(md.physIn() != null)
                || !d.isOut().test(md.physOut() != null)) {
            return p.explain ? "-m physdev flags did not match: physin=" + md.physIn() + " physout=" + md.physOut() : NO;
        }
        if (d.physdevIn() != null && !d.physdevIn().test(d.physdevIn().value().matches(md.physIn()))) {
            return p.explain ? neg(d.physdevIn()) + "--physdev-in " + d.physdevIn().value() + " did not match: physin="
                    + md.physIn() : NO;
        }
        if (d.physdevOut() != null && !d.physdevOut().test(d.physdevOut().value().matches(md.physOut()))) {
            return p.explain ? neg(d.physdevOut()) + "--physdev-out " + d.physdevOut().value()
                    + " did not match: physout=" + md.physOut() : NO;
        }
        return null;
    }

    private static String iprange(IprangeMatch r, EvalPacket p) {
        Ipv4Header ip = p.packet.ip();
        String s = range(r.sourceRange(), ip.source(), "--src-range", "src", p.explain);
        return s != null ? s : range(r.destinationRange(), ip.destination(), "--dst-range", "dst", p.explain);
    }

    private static String range(Negatable<AddressRange> option, Ipv4Address actual, String flag, String field,
                                boolean explain) {
        if (option == null || option.test(option.value().contains(actual))) {
            return null;
        }
        return explain ? "-m iprange " + neg(option) + flag + " " + option.value() + " did not match: " + field + "="
                + actual : NO;
    }
}
