package io.bridgelab.sim.trace;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/** One-line descriptions of frames and packets, close to what tcpdump prints. */
public final class PacketSummary {
    private PacketSummary() {
    }

    /** {@code 02:42:ac:11:00:04 > 02:42:8c:1e:5a:10, } followed by {@link #packet}. */
    public static String frame(Packet p) {
        String l2 = p.ethernet() == null ? "" : p.ethernet().source() + " > " + p.ethernet().destination() + ", ";
        return l2 + packet(p);
    }

    /** The network layer: {@code 192.168.1.20:40000 > 192.168.1.10:8088 TCP [S] seq 1000 len 0 ttl 64}. */
    public static String packet(Packet p) {
        if (p.network() instanceof ArpMessage a) {
            return a.operation() == ArpMessage.REQUEST
                    ? "ARP who-has " + a.targetIp() + " tell " + a.senderIp()
                    : "ARP " + a.senderIp() + " is-at " + a.senderMac();
        }
        if (!(p.network() instanceof Ipv4Datagram d)) {
            return String.format("ethertype 0x%04x", p.network().etherType());
        }
        Ipv4Header h = d.header();
        Transport t = d.transport();
        StringBuilder sb = new StringBuilder();
        if (t instanceof TcpSegment tcp) {
            sb.append(h.source()).append(':').append(tcp.sourcePort()).append(" > ")
                    .append(h.destination()).append(':').append(tcp.destinationPort())
                    .append(" TCP [").append(tcpFlags(tcp.flags())).append("] seq ").append(tcp.sequence());
            if (tcp.has(TcpFlags.ACK)) {
                sb.append(" ack ").append(tcp.acknowledgement());
            }
            sb.append(" len ").append(tcp.payload().length());
        } else if (t instanceof UdpDatagram udp) {
            sb.append(h.source()).append(':').append(udp.sourcePort()).append(" > ")
                    .append(h.destination()).append(':').append(udp.destinationPort())
                    .append(" UDP len ").append(udp.payload().length());
        } else if (t instanceof IcmpMessage icmp) {
            sb.append(h.source()).append(" > ").append(h.destination()).append(" ICMP ").append(icmpName(icmp));
        } else {
            sb.append(h.source()).append(" > ").append(h.destination()).append(' ')
                    .append(IpProtocol.name(h.protocol()));
        }
        sb.append(" ttl ").append(h.ttl());
        return sb.toString();
    }

    /** tcpdump's flag letters: S, S., ., P., F., R. */
    public static String tcpFlags(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & TcpFlags.SYN) != 0) {
            sb.append('S');
        }
        if ((flags & TcpFlags.FIN) != 0) {
            sb.append('F');
        }
        if ((flags & TcpFlags.PSH) != 0) {
            sb.append('P');
        }
        if ((flags & TcpFlags.RST) != 0) {
            sb.append('R');
        }
        if ((flags & TcpFlags.ACK) != 0) {
            sb.append('.');
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String icmpName(IcmpMessage m) {
        return switch (m.type()) {
            case IcmpMessage.ECHO_REQUEST -> "echo request id " + m.identifier() + " seq " + m.sequenceNumber();
            case IcmpMessage.ECHO_REPLY -> "echo reply id " + m.identifier() + " seq " + m.sequenceNumber();
            case IcmpMessage.DESTINATION_UNREACHABLE -> m.code() == 3 ? "port unreachable"
                    : "destination unreachable code " + m.code();
            case IcmpMessage.TIME_EXCEEDED -> "time exceeded";
            case IcmpMessage.REDIRECT -> "redirect " + (m.embedded() == null ? "" : m.embedded().destination() + " ")
                    + "to " + (m.code() == 1 ? "host " : "net ") + new Ipv4Address(m.restOfHeader());
            default -> "type " + m.type() + " code " + m.code();
        };
    }
}
