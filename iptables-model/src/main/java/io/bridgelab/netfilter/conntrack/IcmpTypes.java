package io.bridgelab.netfilter.conntrack;

/**
 * The ICMP query types conntrack pairs (the kernel's {@code invmap}): echo, timestamp, information and
 * address-mask requests with their replies. Only a request may start a connection.
 */
final class IcmpTypes {
    private IcmpTypes() {
    }

    /** The type of the answer to {@code type} (or of the question to an answer), -1 if none. */
    static int inverse(int type) {
        return switch (type) {
            case 8 -> 0;
            case 0 -> 8;
            case 13 -> 14;
            case 14 -> 13;
            case 15 -> 16;
            case 16 -> 15;
            case 17 -> 18;
            case 18 -> 17;
            default -> -1;
        };
    }

    /** Whether a packet of this type may create a connection ({@code icmp_new}: requests only). */
    static boolean startsConnection(int type) {
        return type == 8 || type == 13 || type == 15 || type == 17;
    }
}
