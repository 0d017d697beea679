package io.bridgelab.pcap.io;

/** The link-layer header types (tcpdump.org LINKTYPE_ values) we decode; others are carried as bytes. */
public final class LinkType {
    public static final int ETHERNET = 1;
    /** Linux "cooked" capture v1, what {@code tcpdump -i any} wrote before libpcap 1.10. */
    public static final int LINUX_SLL = 113;
    /** Linux "cooked" capture v2, what {@code tcpdump -i any} writes since libpcap 1.10 (carries the ifindex). */
    public static final int LINUX_SLL2 = 276;
    /**
     * Raw IP, no link header: what {@code tcpdump -i} writes for a device without one (a tun device, wireguard;
     * libpcap's DLT_RAW saved as LINKTYPE_RAW). The IP version nibble tells IPv4 from IPv6.
     */
    public static final int RAW = 101;

    private LinkType() {
    }

    public static String name(int linkType) {
        return switch (linkType) {
            case ETHERNET -> "EN10MB";
            case LINUX_SLL -> "LINUX_SLL";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case RAW -> "RAW";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
