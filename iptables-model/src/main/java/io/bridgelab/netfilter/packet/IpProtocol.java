package io.bridgelab.netfilter.packet;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * IP protocol numbers and the names iptables accepts for them (from /etc/protocols, as iptables itself
 * resolves {@code -p}); iptables-save prints these names back in lower case.
 */
public final class IpProtocol {
    public static final int ICMP = 1;
    public static final int IGMP = 2;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int SCTP = 132;
    public static final int UDPLITE = 136;

    private IpProtocol() {
    }

    /** The name iptables prints for a protocol number, or the number as text. */
    public static String name(int protocol) {
        return switch (protocol) {
            case ICMP -> "icmp";
            case IGMP -> "igmp";
            case TCP -> "tcp";
            case UDP -> "udp";
            case GRE -> "gre";
            case ESP -> "esp";
            case AH -> "ah";
            case ICMPV6 -> "ipv6-icmp";
            case SCTP -> "sctp";
            case UDPLITE -> "udplite";
            default -> Integer.toString(protocol);
        };
    }

    /** A protocol name or number as {@code -p} takes it; empty if neither. "all" is 0. */
    public static OptionalInt parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        switch (t) {
            case "all": return OptionalInt.of(0);
            case "icmp": return OptionalInt.of(ICMP);
            case "igmp": return OptionalInt.of(IGMP);
            case "tcp": return OptionalInt.of(TCP);
            case "udp": return OptionalInt.of(UDP);
            case "gre": return OptionalInt.of(GRE);
            case "esp": return OptionalInt.of(ESP);
            case "ah": return OptionalInt.of(AH);
            case "ipv6-icmp", "icmpv6": return OptionalInt.of(ICMPV6);
            case "sctp": return OptionalInt.of(SCTP);
            case "udplite": return OptionalInt.of(UDPLITE);
            default:
                if (!t.isEmpty() && t.length() <= 3 && t.chars().allMatch(Character::isDigit)) {
                    int n = Integer.parseInt(t);
                    if (n <= 255) {
                        return OptionalInt.of(n);
                    }
                }
                return OptionalInt.empty();
        }
    }
}
