package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.NetworkLayer;
import io.bridgelab.netfilter.packet.OpaqueNetwork;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.packet.VlanTag;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The model's {@link Packet} back to frame bytes. Every field is written as carried, checksums and
 * length fields included, so a decoded capture encodes byte-identical; use {@link Checksums#recompute}
 * first for a packet whose fields were rewritten.
 */
public final class FrameEncoder {
    // Whole 16- and 32-bit stores in network order: a replay encodes several frames a packet, and Java 17's
    // compiler does not merge byte-by-byte stores, so each header field was two to four stores and bound checks.
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private FrameEncoder() {
    }

    /** The frame of a decoded frame of any supported link type (cooked header, then the packet). */
    public static byte[] encode(DecodedFrame frame) {
        byte[] out = new byte[frame.frameLength()];
        int p = 0;
        LinuxCookedHeader c = frame.cooked();
        if (c != null) {
            if (c.version() == 1) {
                p = u16(out, p, c.packetType());
                p = u16(out, p, c.hardwareType());
                p = u16(out, p, c.addressLength());
                c.address().copyTo(out, p);
                p = u16(out, p + 8, c.protocol());
            } else {
                p = u16(out, p, c.protocol());
                p = u16(out, p, c.reserved());
                p = i32(out, p, c.interfaceIndex());
                p = u16(out, p, c.hardwareType());
                out[p++] = (byte) c.packetType();
                out[p++] = (byte) c.addressLength();
                c.address().copyTo(out, p);
                p += 8;
            }
        }
        encodeTo(frame.packet(), out, p);
        return out;
    }

    /** The frame of a packet: Ethernet header (if any), network layer, trailer. */
    public static byte[] encode(Packet packet) {
        byte[] out = new byte[packet.frameLength()];
        encodeTo(packet, out, 0);
        return out;
    }

    /** Writes the packet at {@code offset} (the caller sized {@code out} by {@link Packet#frameLength()}). */
    public static int encodeTo(Packet packet, byte[] out, int offset) {
        int p = offset;
        Ethernet eth = packet.ethernet();
        if (eth != null) {
            mac(out, p, eth.destination().bits());
            mac(out, p + 6, eth.source().bits());
            p += 12;
            VlanTag vlan = eth.vlan();
            if (vlan != null) {
                p = u16(out, p, Ethernet.TYPE_VLAN);
                p = u16(out, p, vlan.priority() << 13 | (vlan.dropEligible() ? 0x1000 : 0) | vlan.vlanId());
            }
            p = u16(out, p, eth.etherType());
        }
        p = network(packet.network(), out, p);
        if (!packet.trailer().isEmpty()) {
            packet.trailer().copyTo(out, p);
        }
        return p + packet.trailer().length() - offset;
    }

    static int network(NetworkLayer network, byte[] out, int p) {
        if (network instanceof Ipv4Datagram d) {
            p = ipv4Header(d.header(), out, p);
            return transport(d.transport(), out, p);
        } else if (network instanceof ArpMessage a) {
            p = u16(out, p, 1);
            p = u16(out, p, Ethernet.TYPE_IPV4);
            out[p++] = 6;
            out[p++] = 4;
            p = u16(out, p, a.operation());
            a.senderMac().write(out, p);
            a.senderIp().write(out, p + 6);
            a.targetMac().write(out, p + 10);
            a.targetIp().write(out, p + 16);
            return p + 20;
        } else if (network instanceof Ipv6Datagram v6) {
            v6.bytes().copyTo(out, p);
            return p + v6.bytes().length();
        } else {
            OpaqueNetwork o = (OpaqueNetwork) network;
            o.bytes().copyTo(out, p);
            return p + o.bytes().length();
        }
    }

    static int ipv4Header(Ipv4Header h, byte[] out, int p) {
        BE32.set(out, p, (0x40 | h.headerLength() / 4) << 24 | (h.tos() & 0xff) << 16 | h.totalLength() & 0xffff);
        BE32.set(out, p + 4, h.identification() << 16 | (h.dontFragment() ? 0x4000 : 0)
                | (h.moreFragments() ? 0x2000 : 0) | h.fragmentOffset() & 0xffff);
        BE32.set(out, p + 8, h.ttl() << 24 | (h.protocol() & 0xff) << 16 | h.checksum() & 0xffff);
        BE32.set(out, p + 12, h.source().bits());
        BE32.set(out, p + 16, h.destination().bits());
        if (!h.options().isEmpty()) {
            h.options().copyTo(out, p + 20);
        }
        return p + h.headerLength();
    }

    static int transport(Transport transport, byte[] out, int p) {
        if (transport instanceof TcpSegment t) {
            BE32.set(out, p, t.sourcePort() << 16 | t.destinationPort() & 0xffff);
            BE32.set(out, p + 4, (int) t.sequence());
            BE32.set(out, p + 8, (int) t.acknowledgement());
            BE32.set(out, p + 12, (t.headerLength() / 4 << 4 & 0xff) << 24 | (t.flags() & 0xff) << 16
                    | t.window() & 0xffff);
            BE32.set(out, p + 16, t.checksum() << 16 | t.urgentPointer() & 0xffff);
            if (!t.options().isEmpty()) {
                t.options().copyTo(out, p + 20);
            }
            if (!t.payload().isEmpty()) {
                t.payload().copyTo(out, p + t.headerLength());
            }
            return p + t.length();
        } else if (transport instanceof UdpDatagram u) {
            u16(out, p, u.sourcePort());
            u16(out, p + 2, u.destinationPort());
            u16(out, p + 4, u.udpLength());
            u16(out, p + 6, u.checksum());
            u.payload().copyTo(out, p + 8);
            return p + u.length();
        } else if (transport instanceof IcmpMessage m) {
            out[p] = (byte) m.type();
            out[p + 1] = (byte) m.code();
            u16(out, p + 2, m.checksum());
            i32(out, p + 4, m.restOfHeader());
            int q = p + 8;
            if (m.embedded() != null) {
                q = ipv4Header(m.embedded(), out, q);
            }
            m.data().copyTo(out, q);
            return q + m.data().length();
        } else {
            OpaqueTransport o = (OpaqueTransport) transport;
            o.bytes().copyTo(out, p);
            return p + o.bytes().length();
        }
    }

    /** The 48 low bits of {@code bits}, most significant first. */
    private static void mac(byte[] out, int p, long bits) {
        BE32.set(out, p, (int) (bits >>> 16));
        BE16.set(out, p + 4, (short) bits);
    }

    static int u16(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 8);
        out[p + 1] = (byte) v;
        return p + 2;
    }

    static int i32(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 24);
        out[p + 1] = (byte) (v >>> 16);
        out[p + 2] = (byte) (v >>> 8);
        out[p + 3] = (byte) v;
        return p + 4;
    }
}
