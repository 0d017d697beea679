package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.l3.Datagrams;
import io.bridgelab.sim.l3.IpOutput;
import io.bridgelab.sim.l3.TcpStack;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.World;

import java.util.List;

/** Runs one flow through a world and returns its trace, with the engine kept for captures and state. */
public final class Simulation {
    private final Engine engine;
    private final Flow flow;
    private final int packets;

    public Simulation(World world, NetfilterStage netfilter, Flow flow, int packets) {
        if (packets < 1) {
            throw new IllegalArgumentException("at least one packet: " + packets);
        }
        this.engine = new Engine(world, netfilter, packets);
        this.flow = flow;
        this.packets = packets;
        world.node(flow.from());
    }

    /** Starts the client at time zero, runs until everything settled, and returns the trace. */
    public Trace run(String scenario) {
        NodeRuntime n = engine.node(flow.from());
        Ipv4Address source = flow.source() != null ? flow.source() : IpOutput.sourceFor(n, flow.to());
        if (flow.source() != null && !n.node().ownsAddress(flow.source())) {
            throw new IllegalArgumentException(flow.from() + " has no address " + flow.source()
                    + " (bind() would fail with EADDRNOTAVAIL)");
        }
        String refused = refusedBySender(n, flow);
        if (refused != null) {
            throw new IllegalArgumentException(flow.from() + ": " + refused);
        }
        engine.events().at(0, () -> start(n, source));
        engine.run();
        List<PacketTrace> traces = engine.traces();
        return new Trace(scenario, flow.toString(), traces, Trace.dispositionOf(traces, packets),
                Trace.caveatsOf(engine.world(), traces));
    }

    public Engine engine() {
        return engine;
    }

    private void start(NodeRuntime n, Ipv4Address source) {
        switch (flow.protocol()) {
            case IpProtocol.TCP -> n.tcp().connect(engine, n, source, flow.to(), flow.port(), "curl",
                    flow.size() == 0 ? httpGet(flow.to(), flow.port()) : httpPost(flow.to(), flow.port(), flow.size()));
            case IpProtocol.UDP -> {
                n.connect(new ListeningSocket(IpProtocol.UDP, source, TcpStack.CLIENT_PORT, "nc -u", null), flow.to(),
                        flow.port());
                String data = flow.size() == 0 ? "hello\n" : "x".repeat(flow.size() - Flow.MIN_SIZE);
                engine.sendLocal(n, Datagrams.of(source, flow.to(), n.nextIpId(), dontFragment(n),
                        Datagrams.udp(TcpStack.CLIENT_PORT, flow.port(), data)), "nc -u (datagram)", true);
            }
            default -> engine.sendLocal(n, Datagrams.of(source, flow.to(), n.nextIpId(), dontFragment(n),
                    Datagrams.echo(IcmpMessage.ECHO_REQUEST, 1, 1, flow.size() == 0 ? Bytes.ofHex("0001020304050607")
                            : Bytes.copyOf(new byte[flow.size() - Flow.MIN_SIZE]))), "ping (echo request)");
        }
    }

    /** The first datagram's DF bit: a small one (no size asked) always fits ({@link IpOutput#dontFragment}). */
    private boolean dontFragment(NodeRuntime n) {
        return flow.size() == 0 || IpOutput.dontFragment(n, flow.to(), flow.size());
    }

    /**
     * Why the sending program's own kernel refuses to send the flow's first packet at all, or null. Its route
     * to a broadcast address (its own subnets' and 255.255.255.255) or a multicast one fails a TCP connect
     * ({@code tcp_v4_connect}: ENETUNREACH); a broadcast needs SO_BROADCAST for UDP and raw sockets
     * ({@code udp_sendmsg}, {@code raw_sendmsg}: EACCES), which {@code nc -u} and {@code ping} set only when asked
     * ({@code -b}). No packet leaves, so there is nothing to trace.
     */
    static String refusedBySender(NodeRuntime n, Flow flow) {
        Ipv4Address to = flow.to();
        Route route = n.routes().lookup(to);
        boolean broadcast = to.equals(Ipv4Address.BROADCAST) || route != null && route.type() == RouteType.BROADCAST;
        return switch (flow.protocol()) {
            case IpProtocol.TCP -> broadcast || to.isMulticast() ? "curl: connect() to " + to + " fails: a TCP"
                    + " connection to a " + (broadcast ? "broadcast" : "multicast") + " address is refused by the"
                    + " sender's kernel (tcp_v4_connect: ENETUNREACH, Network is unreachable)" : null;
            case IpProtocol.UDP -> broadcast ? "nc -u: sendto " + to + " fails: a broadcast needs SO_BROADCAST"
                    + " (nc -b), udp_sendmsg refuses it otherwise (EACCES, Permission denied)" : null;
            default -> broadcast ? "ping " + to + ": the sender refuses a broadcast without SO_BROADCAST (ping -b;"
                    + " raw_sendmsg: EACCES)" : null;
        };
    }

    /** What curl sends for {@code curl --data-binary @FILE http://HOST:PORT/} with a file of {@code body} bytes. */
    public static String httpPost(Ipv4Address host, int port, int body) {
        return "POST / HTTP/1.1\r\nHost: " + host + (port == 80 ? "" : ":" + port)
                + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nContent-Length: " + body
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n" + "x".repeat(body);
    }

    /** What curl sends for {@code curl http://HOST:PORT/}. */
    public static String httpGet(Ipv4Address host, int port) {
        return "GET / HTTP/1.1\r\nHost: " + host + (port == 80 ? "" : ":" + port)
                + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    }
}
