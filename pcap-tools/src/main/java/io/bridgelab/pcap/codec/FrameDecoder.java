package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.NetworkLayer;
import io.bridgelab.netfilter.packet.OpaqueNetwork;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.packet.VlanTag;
import io.bridgelab.pcap.io.LinkType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Frame bytes to the model's {@link Packet}: {@code (bytes, offset, length) -> value}, bounds checked first.
 *
 * <p>Two kinds of bad input are told apart. A frame whose captured bytes end inside a header, or before
 * the length an IPv4/IPv6 header announces, throws {@link FrameDecodeException} with the offset (the model
 * cannot hold half a datagram faithfully). A complete header the model cannot represent exactly (IP version
 * or IHL nonsense, the IPv4 reserved flag, TCP reserved bits, a transport shorter than its header, a
 * non-Ethernet/IPv4 ARP) is carried as {@link OpaqueNetwork} or {@link OpaqueTransport} bytes, so that
 * encoding gives back the same bytes. Non-first fragments carry no transport header and become
 * {@link OpaqueTransport}, as the kernel treats them. Bytes after the network layer (Ethernet padding to
 * 60 bytes) go to {@link Packet#trailer()}.
 */
public final class FrameDecoder {
    // Whole 16- and 32-bit loads in network order: Java 17's compiler does not merge byte-by-byte loads, and a
    // replay decodes every frame of its captures.
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private FrameDecoder() {
    }

    /** Decodes a frame of the given link type: Ethernet, Linux SLL or SLL2, raw IP. */
    public static DecodedFrame decode(int linkType, byte[] b, int offset, int length) {
        checkRange(b, offset, length);
        return switch (linkType) {
            case LinkType.ETHERNET -> new DecodedFrame(linkType, null, ethernet(b, offset, length));
            case LinkType.LINUX_SLL, LinkType.LINUX_SLL2 -> cooked(linkType, b, offset, length);
            case LinkType.RAW -> new DecodedFrame(linkType, null, raw(b, offset, length));
            default -> throw new FrameDecodeException(0, "link type " + linkType + " is not decoded "
                    + "(Ethernet 1, Linux SLL 113 and SLL2 276, raw IP 101 are)");
        };
    }

    /** Decodes an Ethernet II frame, with or without an 802.1Q tag. */
    public static Packet decodeEthernet(byte[] b, int offset, int length) {
        checkRange(b, offset, length);
        return ethernet(b, offset, length);
    }

    private static void checkRange(byte[] b, int offset, int length) {
        if (b == null || offset < 0 || length < 0 || offset > b.length - length) {
            throw new IllegalArgumentException("frame range " + offset + "+" + length + " is outside the "
                    + (b == null ? "null" : b.length + "-byte") + " buffer");
        }
    }

    private static Packet ethernet(byte[] b, int start, int length) {
        int end = start + length;
        if (length < 14) {
            throw new FrameDecodeException(length, "Ethernet header needs 14 bytes, frame has " + length);
        }
        MacAddress dst = AddressCache.mac(b, start);
        MacAddress src = AddressCache.mac(b, start + 6);
        int type = u16(b, start + 12);
        VlanTag vlan = null;
        int p = start + 14;
        if (type == Ethernet.TYPE_VLAN) {
            if (length < 18) {
                throw new FrameDecodeException(length, "802.1Q tagged header needs 18 bytes, frame has " + length);
            }
            int tci = u16(b, start + 14);
            vlan = new VlanTag(tci >>> 13, (tci & 0x1000) != 0, tci & 0xfff);
            type = u16(b, start + 16);
            p = start + 18;
        }
        NetworkLayer network = network(type, b, start, p, end);
        Bytes trailer = Bytes.copyOf(b, p + network.length(), end - p - network.length());
        return new Packet(new Ethernet(dst, src, vlan, type), network, trailer, Metadata.NONE);
    }

    /** A raw IP frame (LINKTYPE_RAW): the version nibble names the network layer; no link header. */
    private static Packet raw(byte[] b, int start, int length) {
        if (length < 1) {
            throw new FrameDecodeException(length, "raw IP frame is empty: no version nibble");
        }
        int version = (b[start] & 0xff) >>> 4;
        int type = switch (version) {
            case 4 -> Ethernet.TYPE_IPV4;
            case 6 -> Ethernet.TYPE_IPV6;
            default -> throw new FrameDecodeException(0, "raw IP frame of IP version " + version
                    + " (4 and 6 are)");
        };
        int end = start + length;
        NetworkLayer network = network(type, b, start, start, end);
        Bytes trailer = Bytes.copyOf(b, start + network.length(), end - start - network.length());
        return new Packet(null, network, trailer, Metadata.NONE);
    }

    private static DecodedFrame cooked(int linkType, byte[] b, int start, int length) {
        boolean v2 = linkType == LinkType.LINUX_SLL2;
        int header = v2 ? 20 : 16;
        if (length < header) {
            throw new FrameDecodeException(length, (v2 ? "SLL2" : "SLL") + " header needs " + header
                    + " bytes, frame has " + length);
        }
        LinuxCookedHeader cooked = v2
                ? new LinuxCookedHeader(2, b[start + 10] & 0xff, u16(b, start + 8), b[start + 11] & 0xff,
                        Bytes.copyOf(b, start + 12, 8), u16(b, start), u16(b, start + 2), i32(b, start + 4))
                : new LinuxCookedHeader(1, u16(b, start), u16(b, start + 2), u16(b, start + 4),
                        Bytes.copyOf(b, start + 6, 8), u16(b, start + 14), 0, 0);
        int p = start + header;
        int end = start + length;
        NetworkLayer network = network(cooked.protocol(), b, start, p, end);
        Bytes trailer = Bytes.copyOf(b, p + network.length(), end - p - network.length());
        return new DecodedFrame(linkType, cooked, new Packet(null, network, trailer, Metadata.NONE));
    }

    /** The network layer of type {@code type} at {@code p}; errors are reported relative to {@code start}. */
    static NetworkLayer network(int type, byte[] b, int start, int p, int end) {
        return switch (type) {
            case Ethernet.TYPE_IPV4 -> ipv4(b, start, p, end);
            case Ethernet.TYPE_ARP -> arp(b, start, p, end);
            case Ethernet.TYPE_IPV6 -> ipv6(b, start, p, end);
            default -> new OpaqueNetwork(type, Bytes.copyOf(b, p, end - p));
        };
    }

    private static NetworkLayer arp(byte[] b, int start, int p, int end) {
        if (end - p < 8) {
            throw new FrameDecodeException(end - start, "ARP header needs 8 bytes, frame has " + (end - p));
        }
        boolean ethernetIpv4 = u16(b, p) == 1 && u16(b, p + 2) == Ethernet.TYPE_IPV4 && b[p + 4] == 6 && b[p + 5] == 4;
        if (!ethernetIpv4) {
            return new OpaqueNetwork(Ethernet.TYPE_ARP, Bytes.copyOf(b, p, end - p));
        }
        if (end - p < 28) {
            throw new FrameDecodeException(end - start, "Ethernet/IPv4 ARP needs 28 bytes, frame has " + (end - p));
        }
        return new ArpMessage(u16(b, p + 6), AddressCache.mac(b, p + 8), AddressCache.ipv4(b, p + 14),
                AddressCache.mac(b, p + 18), AddressCache.ipv4(b, p + 24));
    }

    private static NetworkLayer ipv6(byte[] b, int start, int p, int end) {
        if (end - p < 40) {
            throw new FrameDecodeException(end - start, "IPv6 header needs 40 bytes, frame has " + (end - p));
        }
        int total = 40 + u16(b, p + 4);
        if (total > end - p) {
            throw new FrameDecodeException(end - start, "IPv6 payload length says " + total
                    + " bytes, frame has " + (end - p));
        }
        return new Ipv6Datagram(Bytes.copyOf(b, p, total));
    }

    private static NetworkLayer ipv4(byte[] b, int start, int p, int end) {
        int available = end - p;
        if (available < 20) {
            throw new FrameDecodeException(end - start, "IPv4 header needs 20 bytes, frame has " + available);
        }
        int ihl = (b[p] & 0x0f) * 4;
        int totalLength = u16(b, p + 2);
        if ((b[p] & 0xf0) != 0x40 || ihl < 20 || (b[p + 6] & 0x80) != 0) {
            return new OpaqueNetwork(Ethernet.TYPE_IPV4, Bytes.copyOf(b, p, available));
        }
        if (ihl > available) {
            throw new FrameDecodeException(end - start, "IPv4 header with options needs " + ihl
                    + " bytes, frame has " + available);
        }
        if (totalLength < ihl) {
            return new OpaqueNetwork(Ethernet.TYPE_IPV4, Bytes.copyOf(b, p, available));
        }
        if (totalLength > available) {
            throw new FrameDecodeException(end - start, "IPv4 total length " + totalLength + " exceeds the "
                    + available + " bytes captured");
        }
        Ipv4Header header = ipv4Header(b, p, ihl);
        int q = p + ihl;
        int n = totalLength - ihl;
        Transport transport = header.fragmentOffset() != 0
                ? new OpaqueTransport(header.protocol(), Bytes.copyOf(b, q, n))
                : transport(header.protocol(), b, q, n);
        return new Ipv4Datagram(header, transport);
    }

    /** An IPv4 header of {@code ihl} bytes at {@code p}, which the caller has bounds-checked and validated. */
    private static Ipv4Header ipv4Header(byte[] b, int p, int ihl) {
        int flags = u16(b, p + 6);
        return new Ipv4Header(b[p + 1] & 0xff, u16(b, p + 2), u16(b, p + 4), (flags & 0x4000) != 0,
                (flags & 0x2000) != 0, flags & 0x1fff, b[p + 8] & 0xff, b[p + 9] & 0xff, u16(b, p + 10),
                AddressCache.ipv4(b, p + 12), AddressCache.ipv4(b, p + 16), Bytes.copyOf(b, p + 20, ihl - 20));
    }

    private static Transport transport(int protocol, byte[] b, int q, int n) {
        switch (protocol) {
            case IpProtocol.TCP:
                if (n >= 20) {
                    int dataOffset = (b[q + 12] & 0xf0) >>> 2;
                    if (dataOffset >= 20 && dataOffset <= n && (b[q + 12] & 0x0f) == 0) {
                        return new TcpSegment(u16(b, q), u16(b, q + 2), u32(b, q + 4), u32(b, q + 8),
                                b[q + 13] & 0xff, u16(b, q + 14), u16(b, q + 16), u16(b, q + 18),
                                Bytes.copyOf(b, q + 20, dataOffset - 20), Bytes.copyOf(b, q + dataOffset, n - dataOffset));
                    }
                }
                break;
            case IpProtocol.UDP:
                if (n >= 8) {
                    return new UdpDatagram(u16(b, q), u16(b, q + 2), u16(b, q + 4), u16(b, q + 6),
                            Bytes.copyOf(b, q + 8, n - 8));
                }
                break;
            case IpProtocol.ICMP:
                if (n >= 8) {
                    return icmp(b, q, n);
                }
                break;
            default:
                break;
        }
        return new OpaqueTransport(protocol, Bytes.copyOf(b, q, n));
    }

    private static IcmpMessage icmp(byte[] b, int q, int n) {
        int type = b[q] & 0xff;
        int code = b[q + 1] & 0xff;
        int checksum = u16(b, q + 2);
        int rest = i32(b, q + 4);
        int r = q + 8;
        int m = n - 8;
        if (IcmpMessage.isErrorType(type) && m >= 20) {
            int ihl = (b[r] & 0x0f) * 4;
            if ((b[r] & 0xf0) == 0x40 && ihl >= 20 && ihl <= m && (b[r + 6] & 0x80) == 0) {
                return new IcmpMessage(type, code, checksum, rest, ipv4Header(b, r, ihl),
                        Bytes.copyOf(b, r + ihl, m - ihl));
            }
        }
        return new IcmpMessage(type, code, checksum, rest, null, Bytes.copyOf(b, r, m));
    }

    static int u16(byte[] b, int i) {
        return (short) BE16.get(b, i) & 0xffff;
    }

    static int i32(byte[] b, int i) {
        return (int) BE32.get(b, i);
    }

    static long u32(byte[] b, int i) {
        return i32(b, i) & 0xffff_ffffL;
    }
}
