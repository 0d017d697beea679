package io.bridgelab.pcap.diff;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The groups of fields a comparison can be told to ignore ({@code --ignore ts,ttl,...}); the name is
 * what the command line takes.
 */
public enum DiffField {
    /** Time since the capture's first packet. */
    TS,
    /** Ethernet source and destination, and the hardware addresses inside ARP. */
    MAC,
    VLAN,
    /** The Linux cooked pseudo header, and whether a frame has Ethernet or cooked framing at all. */
    LINK,
    TTL,
    TOS,
    IPID,
    /** DF, MF and the fragment offset. */
    FRAG,
    IPOPTS,
    /** IPv4 header, TCP, UDP and ICMP checksums. */
    CHECKSUM,
    /** IPv4 total length and UDP length fields. */
    LEN,
    ADDR,
    PORT,
    /** TCP sequence and acknowledgement numbers. */
    SEQ,
    FLAGS,
    WINDOW,
    TCPOPTS,
    /** ICMP type, code, identifier/sequence and the quoted datagram of errors. */
    ICMP,
    /** Transport payload, or the bytes of anything not decoded further. */
    PAYLOAD,
    /** Link-layer padding after the network layer. */
    PADDING;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma list such as {@code ts,ttl,mac}; throws naming the unknown field. */
    public static Set<DiffField> parseList(String list) {
        Set<DiffField> out = EnumSet.noneOf(DiffField.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown field '" + name + "' to ignore; known: "
                        + String.join(",", EnumSet.allOf(DiffField.class).stream().map(DiffField::cliName).toList()));
            }
        }
        return out;
    }
}
