package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.packet.Bytes;

/**
 * The pseudo link header of a Linux "cooked" capture ({@code tcpdump -i any}): the kernel has no
 * Ethernet header to show for every interface, so libpcap writes what the packet socket reported.
 * The model's {@code Packet} has no place for it (its Ethernet header is null for such frames), so the
 * decoder returns it beside the packet in a {@link DecodedFrame}, field for field, and the encoder writes
 * it back byte-identical.
 *
 * <ul>
 *   <li>version 1 (LINKTYPE_LINUX_SLL, 16 bytes): packet type, ARPHRD type, address length, 8 address
 *   bytes, protocol. {@code reserved} and {@code interfaceIndex} are 0.</li>
 *   <li>version 2 (LINKTYPE_LINUX_SLL2, 20 bytes): protocol, reserved, interface index, ARPHRD type,
 *   packet type, address length, 8 address bytes.</li>
 * </ul>
 * {@code packetType} is the kernel's PACKET_HOST (0), BROADCAST (1), MULTICAST (2), OTHERHOST (3) or
 * OUTGOING (4); {@code address} is the link-layer source address as carried (8 bytes, zero padded);
 * {@code protocol} is the ethertype of what follows.
 */
public record LinuxCookedHeader(int version, int packetType, int hardwareType, int addressLength, Bytes address,
                                int protocol, int reserved, int interfaceIndex) {
    public static final int PACKET_HOST = 0;
    public static final int PACKET_OUTGOING = 4;

    public LinuxCookedHeader {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("Linux cooked header version must be 1 or 2: " + version);
        }
        if (address == null || address.length() != 8) {
            throw new IllegalArgumentException("Linux cooked header carries exactly 8 address bytes");
        }
        if (packetType < 0 || packetType > (version == 1 ? 0xffff : 0xff) || hardwareType < 0
                || hardwareType > 0xffff || addressLength < 0 || addressLength > (version == 1 ? 0xffff : 0xff)
                || protocol < 0 || protocol > 0xffff || reserved < 0 || reserved > 0xffff) {
            throw new IllegalArgumentException("Linux cooked header field out of range");
        }
    }

    /** Header length on the wire: 16 bytes for SLL, 20 for SLL2. */
    public int headerLength() {
        return version == 1 ? 16 : 20;
    }
}
