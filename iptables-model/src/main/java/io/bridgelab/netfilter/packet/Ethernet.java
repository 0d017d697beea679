package io.bridgelab.netfilter.packet;

/**
 * The link-layer header. {@code vlan} is null for an untagged frame; {@code etherType} is the type of
 * what follows (after the tag, if any).
 */
public record Ethernet(MacAddress destination, MacAddress source, VlanTag vlan, int etherType) {
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_IPV6 = 0x86dd;

    public Ethernet {
        if (destination == null || source == null) {
            throw new IllegalArgumentException("Ethernet header needs both addresses");
        }
        if (etherType < 0 || etherType > 0xffff) {
            throw new IllegalArgumentException("ethertype out of 16 bits: " + etherType);
        }
    }

    public Ethernet(MacAddress destination, MacAddress source, int etherType) {
        this(destination, source, null, etherType);
    }

    /** Header length on the wire: 14 bytes, 18 with a VLAN tag. */
    public int headerLength() {
        return vlan == null ? 14 : 18;
    }

    public Ethernet withAddresses(MacAddress newDestination, MacAddress newSource) {
        return new Ethernet(newDestination, newSource, vlan, etherType);
    }
}
