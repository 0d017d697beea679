package io.bridgelab.netfilter.rule;

/** {@code --reject-with} values of the IPv4 REJECT target; the kernel's default is port unreachable. */
public enum RejectWith {
    ICMP_NET_UNREACHABLE("icmp-net-unreachable"),
    ICMP_HOST_UNREACHABLE("icmp-host-unreachable"),
    ICMP_PORT_UNREACHABLE("icmp-port-unreachable"),
    ICMP_PROTO_UNREACHABLE("icmp-proto-unreachable"),
    ICMP_NET_PROHIBITED("icmp-net-prohibited"),
    ICMP_HOST_PROHIBITED("icmp-host-prohibited"),
    ICMP_ADMIN_PROHIBITED("icmp-admin-prohibited"),
    TCP_RESET("tcp-reset");

    private final String text;

    RejectWith(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static RejectWith fromText(String text) {
        for (RejectWith r : values()) {
            if (r.text.equals(text)) {
                return r;
            }
        }
        return null;
    }
}
