package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/**
 * Applies a connection's bindings to a packet ({@code nf_nat_packet}, {@code nf_nat_manip_pkt}): the
 * packet is rewritten to look like the inverse of the other direction's tuple, in the half of the
 * tuple this hook manipulates. Replies get the reverse binding: at a DESTINATION hook a reply is
 * rewritten if the connection was source-NATed, and vice versa. ICMP errors have their quoted
 * datagram translated too ({@code nf_nat_icmp_reply_translation}). Checksums are updated
 * incrementally, as the kernel does; a TCP or UDP checksum left to the device ({@link InternetChecksum#isPartial})
 * holds only the pseudo-header's sum, which the kernel moves with the addresses alone
 * ({@code inet_proto_csum_replace4} and {@code _replace2} on a CHECKSUM_PARTIAL buffer): it becomes the new
 * header's partial sum.
 */
public final class NatRewriter {
    private NatRewriter() {
    }

    /** The packet as it leaves the NAT step of a hook of kind {@code manip}. */
    public static Packet translate(Packet packet, Tracked tracked, NatManip manip) {
        Connection c = tracked.connection();
        if (c == null) {
            return packet;
        }
        Direction dir = tracked.direction();
        Status needed = dir == Direction.ORIGINAL ? manip.natStatus() : manip.opposite().natStatus();
        if (!c.has(needed)) {
            return packet;
        }
        Tuple other = c.tuple(dir.opposite());
        if (tracked.state() == PacketState.RELATED && packet.transport() instanceof IcmpMessage error
                && error.isError()) {
            return translateError(packet, error, other, manip);
        }
        if (other.isIcmp()) {
            Tuple target = other.invert();
            return manipulate(packet, manip == NatManip.SOURCE ? target.source() : target.destination(),
                    manip == NatManip.SOURCE ? target.sourcePort() : target.destinationPort(), target.icmpId(), manip);
        }
        // The target is the other direction's tuple inverted, read without making it: its source is the other's
        // destination, and the other way round.
        return manipulate(packet, manip == NatManip.SOURCE ? other.destination() : other.source(),
                manip == NatManip.SOURCE ? other.destinationPort() : other.sourcePort(), -1, manip);
    }

    /**
     * Rewrites the source (SOURCE) or destination (DESTINATION) address and port to {@code newAddress} and
     * {@code newPort}, and an ICMP query's identifier to {@code icmpId} (-1: the target is no ICMP tuple).
     */
    static Packet manipulate(Packet packet, Ipv4Address newAddress, int newPort, int icmpId, NatManip manip) {
        Ipv4Datagram d = packet.ipv4();
        Ipv4Header ip = d.header();
        Ipv4Address oldAddress = manip == NatManip.SOURCE ? ip.source() : ip.destination();
        int ipSum = InternetChecksum.replace32(ip.checksum(), oldAddress.bits(), newAddress.bits());
        Ipv4Header newIp = new Ipv4Header(ip.tos(), ip.totalLength(), ip.identification(), ip.dontFragment(),
                ip.moreFragments(), ip.fragmentOffset(), ip.ttl(), ip.protocol(), ipSum,
                manip == NatManip.SOURCE ? newAddress : ip.source(),
                manip == NatManip.SOURCE ? ip.destination() : newAddress, ip.options());
        Transport t = d.transport();
        Transport newT = t;
        boolean partial = InternetChecksum.isPartial(ip, t);
        if (t instanceof TcpSegment tcp) {
            int oldPort = manip == NatManip.SOURCE ? tcp.sourcePort() : tcp.destinationPort();
            int sum = partial ? InternetChecksum.partialChecksum(newIp, tcp)
                    : InternetChecksum.replace16(InternetChecksum.replace32(tcp.checksum(), oldAddress.bits(),
                    newAddress.bits()), oldPort, newPort);
            newT = new TcpSegment(manip == NatManip.SOURCE ? newPort : tcp.sourcePort(),
                    manip == NatManip.SOURCE ? tcp.destinationPort() : newPort, tcp.sequence(), tcp.acknowledgement(),
                    tcp.flags(), tcp.window(), sum, tcp.urgentPointer(), tcp.options(), tcp.payload());
        } else if (t instanceof UdpDatagram udp) {
            int oldPort = manip == NatManip.SOURCE ? udp.sourcePort() : udp.destinationPort();
            UdpDatagram moved = manip == NatManip.SOURCE ? udp.withPorts(newPort, udp.destinationPort())
                    : udp.withPorts(udp.sourcePort(), newPort);
            if (partial) {
                moved = moved.withChecksum(InternetChecksum.partialChecksum(newIp, udp));
            } else if (udp.checksum() != 0) {
                // A zero UDP checksum means "none" and stays zero (a computed 0 is sent as 0xffff).
                int sum = InternetChecksum.replace32(udp.checksum(), oldAddress.bits(), newAddress.bits());
                sum = InternetChecksum.replace16(sum, oldPort, newPort);
                moved = moved.withChecksum(sum == 0 ? 0xffff : sum);
            }
            newT = moved;
        } else if (t instanceof IcmpMessage icmp && !icmp.isError() && icmpId >= 0) {
            // icmp_manip_pkt: the echo identifier is the query's "port".
            int oldId = icmp.identifier();
            int newId = icmpId;
            int rest = newId << 16 | (icmp.restOfHeader() & 0xffff);
            newT = new IcmpMessage(icmp.type(), icmp.code(), InternetChecksum.replace16(icmp.checksum(), oldId, newId),
                    rest, icmp.embedded(), icmp.data());
        }
        return packet.withNetwork(new Ipv4Datagram(newIp, newT));
    }

    /**
     * The quoted datagram is made to look like the packet of the other direction before NAT (the
     * opposite manip on the inner header), and the outer header like the reply to it.
     */
    private static Packet translateError(Packet packet, IcmpMessage error, Tuple other, NatManip manip) {
        Ipv4Header inner = error.embedded();
        Bytes data = error.data();
        NatManip innerManip = manip.opposite();
        Ipv4Address oldA = innerManip == NatManip.SOURCE ? inner.source() : inner.destination();
        Ipv4Address newA = innerManip == NatManip.SOURCE ? other.source() : other.destination();
        Ipv4Header newInner = innerManip == NatManip.SOURCE ? inner.withSource(newA) : inner.withDestination(newA);
        newInner = newInner.withChecksum(InternetChecksum.replace32(inner.checksum(), oldA.bits(), newA.bits()));
        byte[] bytes = data.toArray();
        int p = inner.protocol();
        if ((p == IpProtocol.TCP || p == IpProtocol.UDP) && bytes.length >= 4) {
            int at = innerManip == NatManip.SOURCE ? 0 : 2;
            int oldPort = (bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff);
            int newPort = innerManip == NatManip.SOURCE ? other.sourcePort() : other.destinationPort();
            bytes[at] = (byte) (newPort >>> 8);
            bytes[at + 1] = (byte) newPort;
            int sumAt = p == IpProtocol.TCP ? 16 : 6;
            if (bytes.length >= sumAt + 2) {
                int old = (bytes[sumAt] & 0xff) << 8 | (bytes[sumAt + 1] & 0xff);
                if (p == IpProtocol.TCP || old != 0) {
                    int sum = InternetChecksum.replace32(old, oldA.bits(), newA.bits());
                    sum = InternetChecksum.replace16(sum, oldPort, newPort);
                    bytes[sumAt] = (byte) (sum >>> 8);
                    bytes[sumAt + 1] = (byte) sum;
                }
            }
        }
        Bytes newData = Bytes.copyOf(bytes);
        int icmpSum = adjustForChanges(error.checksum(), words(inner, data), words(newInner, newData));
        IcmpMessage newError = new IcmpMessage(error.type(), error.code(), icmpSum, error.restOfHeader(), newInner,
                newData);
        Packet withInner = packet.withNetwork(packet.ipv4().withTransport(newError));
        Tuple outer = other.invert();
        Ipv4Header ip = withInner.ip();
        Ipv4Address oldOuter = manip == NatManip.SOURCE ? ip.source() : ip.destination();
        Ipv4Address newOuter = manip == NatManip.SOURCE ? outer.source() : outer.destination();
        Ipv4Header newIp = (manip == NatManip.SOURCE ? ip.withSource(newOuter) : ip.withDestination(newOuter))
                .withChecksum(InternetChecksum.replace32(ip.checksum(), oldOuter.bits(), newOuter.bits()));
        return withInner.withNetwork(withInner.ipv4().withHeader(newIp));
    }

    private static int adjustForChanges(int checksum, int[] before, int[] after) {
        int sum = checksum;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                sum = InternetChecksum.replace16(sum, before[i], after[i]);
            }
        }
        return sum;
    }

    /** The 16-bit words of a quoted header and data, as the ICMP checksum covers them. */
    private static int[] words(Ipv4Header h, Bytes data) {
        int[] w = new int[10 + (data.length() + 1) / 2];
        w[0] = (4 << 12) | (h.headerLength() / 4) << 8 | h.tos();
        w[1] = h.totalLength();
        w[2] = h.identification();
        w[3] = (h.dontFragment() ? 0x4000 : 0) | (h.moreFragments() ? 0x2000 : 0) | h.fragmentOffset();
        w[4] = h.ttl() << 8 | h.protocol();
        w[5] = h.checksum();
        w[6] = h.source().bits() >>> 16;
        w[7] = h.source().bits() & 0xffff;
        w[8] = h.destination().bits() >>> 16;
        w[9] = h.destination().bits() & 0xffff;
        for (int i = 0; i < data.length(); i += 2) {
            w[10 + i / 2] = data.get(i) << 8 | (i + 1 < data.length() ? data.get(i + 1) : 0);
        }
        return w;
    }
}
