package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.IpProtocol;

import java.util.List;

/**
 * Renders connections as {@code conntrack -L} (conntrack-tools 1.4.7, libnetfilter_conntrack's default
 * format) prints them, one line each, e.g.
 * {@code tcp      6 118 TIME_WAIT src=... dst=... sport=... dport=... src=... [ASSURED] mark=0 use=1}.
 * The summary line ("N flow entries have been shown.") goes to stderr in the real tool and is
 * {@link #summary}. The kernel lists in hash order; we list oldest first.
 */
public final class ConntrackListing {
    private ConntrackListing() {
    }

    public static String render(List<Connection> connections, long nowMillis) {
        StringBuilder out = new StringBuilder();
        for (Connection c : connections) {
            out.append(line(c, nowMillis)).append('\n');
        }
        return out.toString();
    }

    public static String summary(int count) {
        return "conntrack v1.4.7 (conntrack-tools): " + count + " flow entries have been shown.";
    }

    public static String line(Connection c, long nowMillis) {
        StringBuilder b = new StringBuilder();
        int proto = c.original().protocol();
        b.append(String.format("%-8s %d ", protocolName(proto), proto));
        b.append(c.secondsLeft(nowMillis)).append(' ');
        if (proto == IpProtocol.TCP) {
            b.append(c.tcpState().name()).append(' ');
        }
        tuple(b, c.original());
        if (!c.has(Status.SEEN_REPLY)) {
            b.append("[UNREPLIED] ");
        }
        tuple(b, c.reply());
        if (c.has(Status.ASSURED)) {
            b.append("[ASSURED] ");
        }
        b.append("mark=").append(Integer.toUnsignedString(c.mark())).append(' ');
        b.append("use=1");
        return b.toString();
    }

    private static void tuple(StringBuilder b, Tuple t) {
        b.append("src=").append(t.source()).append(" dst=").append(t.destination()).append(' ');
        if (t.isIcmp()) {
            b.append("type=").append(t.icmpType()).append(" code=").append(t.icmpCode())
                    .append(" id=").append(t.icmpId()).append(' ');
        } else if (t.protocol() == IpProtocol.TCP || t.protocol() == IpProtocol.UDP
                || t.protocol() == IpProtocol.SCTP || t.protocol() == IpProtocol.UDPLITE) {
            b.append("sport=").append(t.sourcePort()).append(" dport=").append(t.destinationPort()).append(' ');
        }
    }

    private static String protocolName(int proto) {
        return switch (proto) {
            case IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP, IpProtocol.SCTP, IpProtocol.UDPLITE,
                    IpProtocol.GRE -> IpProtocol.name(proto);
            default -> "unknown";
        };
    }
}
