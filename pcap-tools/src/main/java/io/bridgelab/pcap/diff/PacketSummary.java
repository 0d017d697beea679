package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.OpaqueNetwork;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;

/** One-line, tcpdump-like descriptions of packets for reports. */
public final class PacketSummary {
    private PacketSummary() {
    }

    public static String of(Packet p) {
        if (p.network() instanceof Ipv4Datagram d) {
            var h = d.header();
            String s = h.source().toString();
            String t = h.destination().toString();
            if (d.transport() instanceof TcpSegment tcp) {
                return "TCP " + s + ":" + tcp.sourcePort() + " > " + t + ":" + tcp.destinationPort()
                        + " [" + TcpFlags.format(tcp.flags()) + "] seq=" + tcp.sequence() + " len="
                        + tcp.payload().length();
            } else if (d.transport() instanceof UdpDatagram udp) {
                return "UDP " + s + ":" + udp.sourcePort() + " > " + t + ":" + udp.destinationPort() + " len="
                        + udp.payload().length();
            } else if (d.transport() instanceof IcmpMessage m) {
                return "ICMP " + s + " > " + t + " type=" + m.type() + " code=" + m.code();
            }
            return "IPv4 " + s + " > " + t + " proto=" + IpProtocol.name(h.protocol())
                    + (h.isLaterFragment() ? " fragment offset=" + h.fragmentOffset() * 8 : "");
        } else if (p.network() instanceof ArpMessage a) {
            return a.operation() == ArpMessage.REQUEST ? "ARP who-has " + a.targetIp() + " tell " + a.senderIp()
                    : "ARP " + a.senderIp() + " is-at " + a.senderMac();
        } else if (p.network() instanceof Ipv6Datagram v6) {
            return "IPv6 " + v6.length() + " bytes";
        }
        return String.format("ethertype 0x%04x %d bytes", p.network().etherType(),
                ((OpaqueNetwork) p.network()).length());
    }
}
