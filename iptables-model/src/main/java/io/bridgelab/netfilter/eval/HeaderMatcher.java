package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.rule.FragmentMatch;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Negatable;

/**
 * The {@code ipt_entry} part of a rule ({@code ip_packet_match}): addresses, interfaces, protocol,
 * fragment flag. Returns null on a match, otherwise why not (or {@link #NO} when not explaining, so the
 * fast path builds no strings).
 */
final class HeaderMatcher {
    static final String NO = "no match";

    private HeaderMatcher() {
    }

    static String check(IpHeaderMatch h, EvalPacket p) {
        if (h == IpHeaderMatch.ANY) {
            return null;
        }
        Ipv4Header ip = p.packet.ip();
        Metadata md = p.packet.metadata();
        String r = address(h.source(), ip.source(), "-s", "src", p.explain);
        if (r != null) {
            return r;
        }
        r = address(h.destination(), ip.destination(), "-d", "dst", p.explain);
        if (r != null) {
            return r;
        }
        r = iface(h.inInterface(), md.inInterface(), "-i", "in", p.explain);
        if (r != null) {
            return r;
        }
        r = iface(h.outInterface(), md.outInterface(), "-o", "out", p.explain);
        if (r != null) {
            return r;
        }
        Negatable<Integer> proto = h.protocol();
        if (proto != null && !proto.test(proto.value() == ip.protocol())) {
            return p.explain ? neg(proto) + "-p " + IpProtocol.name(proto.value()) + " did not match: proto="
                    + IpProtocol.name(ip.protocol()) : NO;
        }
        if (h.fragment() == FragmentMatch.LATER_FRAGMENTS && !ip.isLaterFragment()) {
            return p.explain ? "-f did not match: not a later fragment" : NO;
        }
        if (h.fragment() == FragmentMatch.NOT_LATER_FRAGMENTS && ip.isLaterFragment()) {
            return p.explain ? "! -f did not match: fragment offset=" + ip.fragmentOffset() : NO;
        }
        return null;
    }

    private static String address(Negatable<Cidr> option, Ipv4Address actual, String flag, String field,
                                  boolean explain) {
        if (option == null || option.test(option.value().contains(actual))) {
            return null;
        }
        return explain ? neg(option) + flag + " " + option.value() + " did not match: " + field + "=" + actual : NO;
    }

    private static String iface(Negatable<InterfaceName> option, String actual, String flag, String field,
                                boolean explain) {
        if (option == null || option.test(option.value().matches(actual))) {
            return null;
        }
        return explain ? neg(option) + flag + " " + option.value() + " did not match: " + field + "="
                + (actual == null ? "(none)" : actual) : NO;
    }

    /**
     * A set of option values as iptables prints it ({@code RELATED,ESTABLISHED}): the rule model's enums
     * are declared in iptables' print order. Never the Set's own order, which changes from one JVM run to
     * the next ({@code Set.copyOf}), because a reason must read the same every time.
     */
    static String sorted(java.util.Set<? extends Enum<?>> values) {
        return values.stream().sorted(java.util.Comparator.comparingInt(Enum::ordinal)).map(Enum::name)
                .collect(java.util.stream.Collectors.joining(","));
    }

    static String neg(Negatable<?> n) {
        return n.negated() ? "! " : "";
    }
}
