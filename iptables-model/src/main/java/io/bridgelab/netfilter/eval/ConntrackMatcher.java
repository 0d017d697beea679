package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.eval.HeaderMatcher.NO;
import static io.bridgelab.netfilter.eval.HeaderMatcher.neg;

import io.bridgelab.netfilter.conntrack.Connection;
import io.bridgelab.netfilter.conntrack.Direction;
import io.bridgelab.netfilter.conntrack.Status;
import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.conntrack.Tuple;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.CtStatus;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.StateMatch;

import java.util.Set;

/**
 * {@code -m conntrack} ({@code conntrack_mt}) and {@code -m state}. The virtual SNAT/DNAT states come from
 * the connection's status, so {@code --ctstate DNAT} matches every packet of a DNATed connection, replies
 * included. Without a connection only {@code --ctstate} can match; every other option fails.
 */
final class ConntrackMatcher {
    private ConntrackMatcher() {
    }

    static CtState packetState(Tracked t) {
        return switch (t.state()) {
            case NEW -> CtState.NEW;
            case ESTABLISHED -> CtState.ESTABLISHED;
            case RELATED -> CtState.RELATED;
            case INVALID -> CtState.INVALID;
            case UNTRACKED -> CtState.UNTRACKED;
        };
    }

    static String state(StateMatch s, EvalPacket p) {
        CtState actual = packetState(p.tracked);
        if (s.state().test(s.state().value().contains(actual))) {
            return null;
        }
        return p.explain ? "-m state " + neg(s.state()) + "--state " + s.state().value() + " did not match: " + actual
                : NO;
    }

    static String check(ConntrackMatch m, EvalPacket p) {
        Tracked t = p.tracked;
        Connection c = t.connection();
        if (m.state() != null) {
            CtState actual = packetState(t);
            boolean hit = m.state().value().contains(actual);
            if (c != null) {
                hit |= c.isSourceNatted() && m.state().value().contains(CtState.SNAT);
                hit |= c.isDestinationNatted() && m.state().value().contains(CtState.DNAT);
            }
            if (!m.state().test(hit)) {
                return p.explain ? "-m conntrack " + neg(m.state()) + "--ctstate " + m.state().value()
                        + " did not match: " + actual + (c != null && c.isDestinationNatted() ? "+DNAT" : "")
                        + (c != null && c.isSourceNatted() ? "+SNAT" : "") : NO;
            }
        }
        if (c == null) {
            boolean onlyState = m.protocol() == null && m.originalSource() == null && m.originalDestination() == null
                    && m.replySource() == null && m.replyDestination() == null && m.originalSourcePort() == null
                    && m.originalDestinationPort() == null && m.replySourcePort() == null
                    && m.replyDestinationPort() == null && m.status() == null && m.direction() == null;
            return onlyState ? null : p.explain ? "-m conntrack did not match: no connection" : NO;
        }
        Tuple o = c.original();
        Tuple r = c.reply();
        if (m.protocol() != null && !m.protocol().test(m.protocol().value() == o.protocol())) {
            return p.explain ? "--ctproto did not match: " + o.protocol() : NO;
        }
        String why = addr(m.originalSource(), o.source(), "--ctorigsrc", p);
        why = why != null ? why : addr(m.originalDestination(), o.destination(), "--ctorigdst", p);
        why = why != null ? why : addr(m.replySource(), r.source(), "--ctreplsrc", p);
        why = why != null ? why : addr(m.replyDestination(), r.destination(), "--ctrepldst", p);
        why = why != null ? why : port(m.originalSourcePort(), o, o.sourcePort(), "--ctorigsrcport", p);
        why = why != null ? why : port(m.originalDestinationPort(), o, o.destinationPort(), "--ctorigdstport", p);
        why = why != null ? why : port(m.replySourcePort(), r, r.sourcePort(), "--ctreplsrcport", p);
        why = why != null ? why : port(m.replyDestinationPort(), r, r.destinationPort(), "--ctrepldstport", p);
        if (why != null) {
            return why;
        }
        if (m.status() != null && !m.status().test(statusHit(m.status().value(), c))) {
            return p.explain ? "--ctstatus " + m.status().value() + " did not match: status=0x"
                    + Integer.toHexString(c.status()) : NO;
        }
        if (m.direction() != null) {
            boolean original = t.direction() == Direction.ORIGINAL;
            if (original != (m.direction() == ConntrackMatch.Direction.ORIGINAL)) {
                return p.explain ? "--ctdir " + m.direction() + " did not match: " + t.direction() : NO;
            }
        }
        return null;
    }

    private static boolean statusHit(Set<CtStatus> wanted, Connection c) {
        for (CtStatus s : wanted) {
            boolean hit = switch (s) {
                case NONE -> false;
                case EXPECTED -> c.has(Status.EXPECTED);
                case SEEN_REPLY -> c.has(Status.SEEN_REPLY);
                case ASSURED -> c.has(Status.ASSURED);
                case CONFIRMED -> c.has(Status.CONFIRMED);
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    private static String addr(Negatable<Cidr> option, Ipv4Address actual, String flag, EvalPacket p) {
        if (option == null || option.test(option.value().contains(actual))) {
            return null;
        }
        return p.explain ? neg(option) + flag + " " + option.value() + " did not match: " + actual : NO;
    }

    private static String port(Negatable<PortRange> option, Tuple t, int actual, String flag, EvalPacket p) {
        if (option == null) {
            return null;
        }
        boolean hit = t.hasPorts() && !t.isIcmp() && option.value().contains(actual);
        if (option.test(hit)) {
            return null;
        }
        return p.explain ? neg(option) + flag + " " + option.value() + " did not match: " + actual : NO;
    }
}
