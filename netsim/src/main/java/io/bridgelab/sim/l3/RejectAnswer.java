package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.world.NetInterface;

/**
 * What the kernel sends back for a packet a REJECT rule dropped in INPUT, FORWARD or OUTPUT (ipt_REJECT):
 * {@code tcp-reset} makes an RST ({@code nf_send_reset}), every other {@code --reject-with} an ICMP destination
 * unreachable ({@code nf_send_unreach}, then {@code icmp_send}). The answer leaves the node like a packet of its own
 * (OUTPUT, routing, POSTROUTING), with the rejected packet's connection attached: conntrack does not look it up, the
 * rules see it RELATED, and NAT translates it back as a reply of that connection.
 *
 * <p>A bridged frame rejected in br_netfilter's FORWARD is answered too: an ICMP error as for a routed packet (from
 * the host's stack, quoting the frame's datagram, whose TTL a bridge leaves alone); an RST straight from the port the
 * frame came in by. The ICMP kinds meet icmp_send's rate limit per destination ({@link IcmpPeers}: 6 at once, then
 * one a second); an RST has none.
 */
public final class RejectAnswer {
    private RejectAnswer() {
    }

    /**
     * Why the kernel sends no answer to {@code rejected} (the packet as the REJECT rule at {@code hook} saw it) at
     * {@code now}, or null when it answers. An ICMP answer it lets go spends from the rate limit: ask once per packet.
     */
    public static String noAnswer(NodeRuntime n, Packet rejected, Hook hook, RejectWith with, long now) {
        if (!rejected.isIpv4()) {
            return "not an IPv4 packet";
        }
        Ipv4Header ip = rejected.ip();
        Ipv4Datagram d = rejected.ipv4();
        if (!InternetChecksum.transportChecksumAccepted(ip, d.transport())) {
            return "its " + LocalDelivery.badChecksum(d) + " (nf_reject checks it first)";
        }
        if (with != RejectWith.TCP_RESET) {
            return IcmpSend.refusal(n, rejected, hook == Hook.INPUT, IcmpMessage.DESTINATION_UNREACHABLE, code(with),
                    now);
        }
        String never = IcmpSend.neverAnswered(n, ip);
        if (never != null) {
            return never;
        }
        if (!(d.transport() instanceof TcpSegment seg)) {
            return "tcp-reset answers only TCP";
        }
        if (seg.has(TcpFlags.RST)) {
            return "an RST is never answered with an RST";
        }
        // ip_route_me_harder routes the RST before it is sent, also the one a bridge port sends.
        return n.routes().lookup(ip.source()) == null ? "no route back to " + ip.source() : null;
    }

    /**
     * Sends the answer to {@code rejected}, which {@link #noAnswer} found answerable, from {@code n}, with
     * {@code attached}: the rejected packet's connection as its answer sees it; {@code inPort}: for a bridged frame,
     * the bridge port it came in by, else null.
     */
    public static void send(Engine engine, NodeRuntime n, Packet rejected, Hook hook, RejectWith with,
                            Object attached, NetInterface inPort) {
        Ipv4Datagram d = rejected.ipv4();
        if (with == RejectWith.TCP_RESET && inPort != null) {
            // nf_send_reset's bridge branch: the RST leaves by the port the frame came in by, with the frame's MAC
            // addresses swapped (as if the destination answered), and meets no netfilter hook.
            Ethernet eth = rejected.ethernet();
            Packet frame = new Packet(new Ethernet(eth.source(), eth.destination(), null, Ethernet.TYPE_IPV4),
                    InternetChecksum.leftToDevice(Datagrams.resetAnswering(d.header(), (TcpSegment) d.transport())), Bytes.EMPTY, Metadata.NONE);
            engine.sendFrame(n, inPort, frame, "kernel (REJECT --reject-with tcp-reset, from the bridge port)");
            return;
        }
        if (with == RejectWith.TCP_RESET) {
            engine.sendAnswer(n, Datagrams.resetAnswering(d.header(), (TcpSegment) d.transport()), "kernel (REJECT --reject-with tcp-reset)", true, attached);
            return;
        }
        IcmpSend.send(engine, n, rejected, hook == Hook.INPUT, IcmpMessage.DESTINATION_UNREACHABLE, code(with),
                attached, "kernel (REJECT --reject-with " + with.text() + ")");
    }

    /** ICMP destination-unreachable codes of {@code --reject-with} (ipt_REJECT's reject_tg). */
    static int code(RejectWith with) {
        return switch (with) {
            case ICMP_NET_UNREACHABLE -> 0;
            case ICMP_HOST_UNREACHABLE -> 1;
            case ICMP_PROTO_UNREACHABLE -> 2;
            case ICMP_PORT_UNREACHABLE -> 3;
            case ICMP_NET_PROHIBITED -> 9;
            case ICMP_HOST_PROHIBITED -> 10;
            case ICMP_ADMIN_PROHIBITED -> 13;
            case TCP_RESET -> throw new IllegalArgumentException("tcp-reset is no ICMP code");
        };
    }
}
