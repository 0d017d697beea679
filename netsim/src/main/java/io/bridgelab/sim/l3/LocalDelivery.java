package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.ListeningSocket;

import java.util.Locale;

/**
 * ip_local_deliver's end: TCP to {@link TcpStack}; UDP to a bound socket or, with none, ICMP port
 * unreachable; ICMP echo answered by the kernel itself.
 */
public final class LocalDelivery {
    private final Engine engine;

    public LocalDelivery(Engine engine) {
        this.engine = engine;
    }

    public void deliver(NodeRuntime n, Packet packet, int trace) {
        Ipv4Datagram d = packet.ipv4();
        Ipv4Header ip = d.header();
        String bad = badChecksum(d);
        if (bad != null) {
            // tcp_v4_rcv, udp_rcv and icmp_rcv check the checksum first and drop what fails, answering nothing
            // (counted in TcpInCsumErrors, UdpInCsumErrors, IcmpInCsumErrors). One left to the sender's device
            // (CHECKSUM_PARTIAL, across a veth) is taken as right.
            engine.step(trace, new TraceStep.Dropped(n.name(), bad + ": the "
                    + IpProtocol.name(ip.protocol()).toUpperCase(Locale.ROOT) + " receive path drops it"));
            return;
        }
        int port = d.transport() instanceof TcpSegment t ? t.destinationPort()
                : d.transport() instanceof UdpDatagram u ? u.destinationPort() : -1;
        if (port >= 0 && n.isReplayedProgram(ip.protocol(), ip.destination(), port)) {
            engine.step(trace, new TraceStep.Delivered(n.name(), "the replayed program on "
                    + IpProtocol.name(ip.protocol()) + " " + ip.destination() + ":" + port, true));
            return;
        }
        if (d.transport() instanceof TcpSegment tcp) {
            n.tcp().receive(engine, n, ip, tcp, trace);
        } else if (d.transport() instanceof UdpDatagram udp) {
            udp(n, packet, udp, trace);
        } else if (d.transport() instanceof IcmpMessage icmp) {
            icmp(n, d, icmp, trace);
        } else {
            engine.step(trace, new TraceStep.Delivered(n.name(), "no handler for protocol "
                    + IpProtocol.name(ip.protocol()), false));
        }
    }

    /**
     * "bad TCP checksum 0xbeef (should be 0x045a)" when a receiver would not take {@code d}'s TCP, UDP or ICMP
     * checksum ({@link InternetChecksum#expectedTransportChecksum}); null when it would.
     */
    public static String badChecksum(Ipv4Datagram d) {
        int expected = InternetChecksum.expectedTransportChecksum(d.header(), d.transport());
        if (expected < 0) {
            return null;
        }
        return String.format("bad %s checksum 0x%04x (should be 0x%04x)",
                IpProtocol.name(d.header().protocol()).toUpperCase(Locale.ROOT),
                InternetChecksum.carriedChecksum(d.transport()), expected);
    }

    private void udp(NodeRuntime n, Packet packet, UdpDatagram udp, int trace) {
        Ipv4Datagram d = packet.ipv4();
        Ipv4Header ip = d.header();
        UdpRelay relay = n.udpRelay();
        // A proxy's socket to its backend is connected: it takes the backend's datagrams before any bound socket.
        if (relay.fromBackend(engine, n, ip, udp, trace)) {
            return;
        }
        ListeningSocket socket = n.socketFor(IpProtocol.UDP, ip.destination(), udp.destinationPort(), ip.source(),
                udp.sourcePort());
        if (socket == null) {
            // __udp4_lib_rcv answers with icmp_send, and so meets its checks and rate limit.
            String none = IcmpSend.refusal(n, packet, true, IcmpMessage.DESTINATION_UNREACHABLE, 3, engine.now());
            engine.step(trace, new TraceStep.Delivered(n.name(), "no socket bound to udp " + ip.destination() + ":"
                    + udp.destinationPort() + (none == null ? ": the kernel answers ICMP port unreachable"
                    : ": no ICMP port unreachable: " + none), false));
            if (none == null) {
                engine.sendLocal(n, Datagrams.icmpError(ip.destination(), ip.source(), n.nextIpId(),
                        Datagrams.unreachable(3, d)), "kernel (ICMP port unreachable)");
            }
            return;
        }
        if (UdpRelay.relays(socket)) {
            relay.fromClient(engine, n, socket, ip, udp, trace);
            return;
        }
        engine.step(trace, new TraceStep.Delivered(n.name(), "socket " + socket + " reads "
                + udp.payload().length() + " bytes", true));
        if (socket.response() != null) {
            engine.events().after(TcpStack.APP_DELAY_NANOS, () -> engine.sendLocal(n, Datagrams.of(ip.destination(),
                    ip.source(), n.nextIpId(), true, Datagrams.udp(udp.destinationPort(), udp.sourcePort(),
                            socket.response())), socket.owner() + " (response)", true));
        }
    }

    /** Who takes an ICMP error: a UDP proxy's socket that sent the datagram it quotes, or the sending socket. */
    private TraceStep icmpError(NodeRuntime n, IcmpMessage icmp) {
        String backend = backendError(n, icmp);
        if (backend != null) {
            return new TraceStep.Delivered(n.name(), backend, true);
        }
        String unconnected = unconnectedProxyError(n, icmp);
        if (unconnected != null) {
            return new TraceStep.Delivered(n.name(), unconnected, false);
        }
        String pmtu = tcpFragmentationNeeded(n, icmp);
        if (pmtu != null) {
            return new TraceStep.Delivered(n.name(), pmtu, true);
        }
        return new TraceStep.Delivered(n.name(), "ICMP error for the sending socket"
                + (icmp.type() == IcmpMessage.DESTINATION_UNREACHABLE && icmp.code() == 3 ? ": ECONNREFUSED" : ""),
                true);
    }

    /**
     * What "fragmentation needed" about a segment of one of the node's TCP connections does: path MTU discovery
     * ({@link PathMtuDiscovery}); null for any other error.
     */
    private String tcpFragmentationNeeded(NodeRuntime n, IcmpMessage icmp) {
        Ipv4Header quoted = icmp.embedded();
        if (icmp.type() != IcmpMessage.DESTINATION_UNREACHABLE || icmp.code() != 4 || quoted == null
                || quoted.protocol() != IpProtocol.TCP || icmp.embeddedSourcePort() < 0) {
            return null;
        }
        TcpConnection c = n.tcp().find(quoted.source(), icmp.embeddedSourcePort(), quoted.destination(),
                icmp.embeddedDestinationPort());
        if (c == null) {
            return null;
        }
        int mtu = icmp.restOfHeader() & 0xffff;
        return TcpStack.owner(c) + "'s connection to " + quoted.destination() + ":" + icmp.embeddedDestinationPort()
                + ": fragmentation needed, next-hop MTU " + mtu + ": "
                + PathMtuDiscovery.fragmentationNeeded(engine, n, c, mtu);
    }

    /** What a UDP proxy does with an ICMP error about a datagram its backend socket sent; null if it sent none. */
    private String backendError(NodeRuntime n, IcmpMessage icmp) {
        Ipv4Header quoted = quotedUdp(icmp);
        return quoted == null ? null : n.udpRelay().icmpError(quoted.source(), icmp.embeddedSourcePort(),
                quoted.destination(), icmp.embeddedDestinationPort(), engine.now());
    }

    /**
     * Why an ICMP error about a datagram a UDP proxy's listening socket sent goes nowhere (that socket is not
     * connected and asks for no errors, no IP_RECVERR: __udp4_lib_err drops them); null if it sent none.
     */
    private String unconnectedProxyError(NodeRuntime n, IcmpMessage icmp) {
        Ipv4Header quoted = quotedUdp(icmp);
        ListeningSocket listening = quoted == null ? null
                : n.node().socketFor(IpProtocol.UDP, quoted.source(), icmp.embeddedSourcePort());
        return listening != null && UdpRelay.relays(listening) ? "ICMP error for " + listening.owner()
                + "'s listening socket " + listening + ": not connected, the kernel drops the error" : null;
    }

    private static Ipv4Header quotedUdp(IcmpMessage icmp) {
        Ipv4Header quoted = icmp.embedded();
        return quoted == null || quoted.protocol() != IpProtocol.UDP || icmp.embeddedSourcePort() < 0 ? null : quoted;
    }

    private void icmp(NodeRuntime n, Ipv4Datagram d, IcmpMessage icmp, int trace) {
        Ipv4Header ip = d.header();
        if (icmp.type() == IcmpMessage.ECHO_REQUEST) {
            engine.step(trace, new TraceStep.Delivered(n.name(), "kernel ICMP: echo request, answers echo reply",
                    true));
            engine.sendLocal(n, Datagrams.of(ip.destination(), ip.source(), n.nextIpId(), false,
                    Datagrams.echo(IcmpMessage.ECHO_REPLY, icmp.identifier(), icmp.sequenceNumber(), icmp.data())),
                    "kernel (echo reply)");
        } else if (icmp.type() == IcmpMessage.ECHO_REPLY) {
            engine.step(trace, new TraceStep.Delivered(n.name(), "ping: echo reply seq " + icmp.sequenceNumber(),
                    true));
        } else if (icmp.isError()) {
            engine.step(trace, icmpError(n, icmp));
        } else {
            engine.step(trace, new TraceStep.Delivered(n.name(), "kernel ICMP type " + icmp.type(), true));
        }
    }
}
