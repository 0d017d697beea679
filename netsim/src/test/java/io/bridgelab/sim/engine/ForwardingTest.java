package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.sim.l3.Datagrams;
import io.bridgelab.sim.testing.TestWorlds;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.DropExplainer;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing between two links: TTL, MAC rewrite, checksums, ip_forward, and the neighbour queue. */
class ForwardingTest {
    private static final Ipv4Address RIGHT = Ipv4Address.parse("10.2.0.2");

    @Test
    void aForwardedPacketLosesOneTtlAndGetsTheRoutersMacs() {
        Simulation sim = new Simulation(TestWorlds.routed(true), new PassThroughNetfilter(),
                new Flow("left", null, RIGHT, 80, IpProtocol.TCP), 5);
        Trace trace = sim.run("test");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        CapturedFrame syn = sim.engine().captures().on("right", "eth0").stream()
                .filter(f -> f.frame().isIpv4()).findFirst().orElseThrow();
        assertThat(syn.frame().ip().ttl()).isEqualTo(63);
        assertThat(syn.frame().ethernet().source()).isEqualTo(MacAddress.parse("02:00:00:00:03:01"));
        assertThat(syn.frame().ethernet().destination()).isEqualTo(MacAddress.parse("02:00:00:00:03:02"));
        Ipv4Datagram d = syn.frame().ipv4();
        assertThat(InternetChecksum.refresh(d)).as("checksums are already right").isEqualTo(d);
        assertThat(trace.packets().get(0).steps()).contains(new TraceStep.Routed("r", "forward",
                "10.2.0.0/24 dev eth1 proto kernel scope link src 10.2.0.1", "eth1", "10.2.0.2"));
    }

    /** ip_rcv_core checks the IPv4 header checksum before PREROUTING; a bad one goes no further. */
    @Test
    void aBadIpHeaderChecksumIsDroppedOnReceive() {
        Engine engine = new Engine(TestWorlds.routed(true), new PassThroughNetfilter(), 1);
        Ipv4Datagram good = Datagrams.of(Ipv4Address.parse("10.1.0.2"), RIGHT, 7, true,
                Datagrams.udp(5000, 9, "x"));
        Ipv4Datagram bad = good.withHeader(good.header().withChecksum(good.header().checksum() ^ 0x0101));
        MacAddress routerMac = MacAddress.parse("02:00:00:00:02:01");
        MacAddress leftMac = MacAddress.parse("02:00:00:00:02:02");
        int trace = engine.inject("r", "eth0", new Packet(new Ethernet(routerMac, leftMac, Ethernet.TYPE_IPV4), bad));
        engine.run();
        assertThat(engine.captures().on("r", "eth1")).isEmpty();
        assertThat(engine.traces().get(trace).steps()).anySatisfy(step -> assertThat(step)
                .isInstanceOfSatisfying(TraceStep.Dropped.class, d -> assertThat(d.cause())
                        .startsWith("bad IP header checksum 0x").contains("ip_rcv drops it before PREROUTING")));

        engine.inject("r", "eth0", new Packet(new Ethernet(routerMac, leftMac, Ethernet.TYPE_IPV4), good));
        engine.run();
        assertThat(engine.captures().on("r", "eth1")).isNotEmpty();
    }

    /**
     * A router forwards a datagram whose UDP or TCP checksum is wrong as it came, TTL aside: it mends nothing. Seen
     * on Linux 6.x in namespaces (a router namespace with ip_forward=1, offload off, the datagrams sent by an
     * AF_PACKET socket): tcpdump past the router shows "bad udp cksum 0xbeef" and "cksum 0xbeef (incorrect)", and
     * the receiving host sends no SYN-ACK.
     */
    @Test
    void aForwardedDatagramKeepsAWrongTransportChecksum() {
        Engine engine = new Engine(TestWorlds.routed(true), new PassThroughNetfilter(), 2);
        MacAddress routerMac = MacAddress.parse("02:00:00:00:02:01");
        MacAddress leftMac = MacAddress.parse("02:00:00:00:02:02");
        Ipv4Address left = Ipv4Address.parse("10.1.0.2");
        Ipv4Datagram udp = Datagrams.of(left, RIGHT, 7, true, Datagrams.udp(5000, 9, "abcd"));
        Ipv4Datagram tcp = Datagrams.of(left, RIGHT, 8, true, Datagrams.tcp(40000, 80, 1, 0, 0x02, null));
        List<Ipv4Datagram> sent = List.of(
                udp.withTransport(((UdpDatagram) udp.transport()).withChecksum(0xbeef)),
                tcp.withTransport(((TcpSegment) tcp.transport()).withChecksum(0xbeef)));
        int[] traces = new int[2];
        for (int i = 0; i < 2; i++) {
            traces[i] = engine.inject("r", "eth0", new Packet(new Ethernet(routerMac, leftMac, Ethernet.TYPE_IPV4),
                    sent.get(i)));
        }
        engine.run();
        assertThat(engine.traces().get(traces[0]).steps()).contains(new TraceStep.Dropped("right",
                "bad UDP checksum 0xbeef (should be 0x1378): the UDP receive path drops it"));
        assertThat(engine.traces().get(traces[1]).steps()).contains(new TraceStep.Dropped("right",
                "bad TCP checksum 0xbeef (should be 0x045a): the TCP receive path drops it"));
        List<Ipv4Datagram> forwarded = engine.captures().on("r", "eth1").stream().map(CapturedFrame::frame)
                .filter(Packet::isIpv4).map(Packet::ipv4).toList();
        // Only the two datagrams: the right host's stack drops both on their checksums and answers neither.
        assertThat(forwarded).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(forwarded.get(i).transport()).isEqualTo(sent.get(i).transport());
            assertThat(forwarded.get(i).header().ttl()).isEqualTo(63);
        }
    }

    @Test
    void aChecksumLeftToTheSendersDeviceIsCompletedWhenTheRouterSendsIt() {
        Engine engine = new Engine(TestWorlds.routed(true), new PassThroughNetfilter(), 2);
        MacAddress routerMac = MacAddress.parse("02:00:00:00:02:01");
        MacAddress leftMac = MacAddress.parse("02:00:00:00:02:02");
        Ipv4Datagram tcp = Datagrams.of(Ipv4Address.parse("10.1.0.2"), RIGHT, 8, true,
                Datagrams.tcp(40000, 80, 1, 0, 0x02, null));
        int right = ((TcpSegment) tcp.transport()).checksum();
        // As a capture on the sender's side shows it with TX checksum offload on: the pseudo-header's sum.
        int partial = InternetChecksum.partialChecksum(tcp.header(), tcp.transport());
        Ipv4Datagram sent = tcp.withTransport(((TcpSegment) tcp.transport()).withChecksum(partial));
        engine.inject("r", "eth0", new Packet(new Ethernet(routerMac, leftMac, Ethernet.TYPE_IPV4), sent));
        engine.run();
        List<TcpSegment> out = engine.captures().on("r", "eth1").stream().map(CapturedFrame::frame)
                .filter(Packet::isIpv4).filter(p -> p.ip().destination().equals(RIGHT))
                .map(p -> (TcpSegment) p.transport()).toList();
        assertThat(out.get(0).flags()).isEqualTo(TcpFlags.SYN);
        assertThat(out.get(0).checksum()).isEqualTo(right);
        // The right host took it and answered from its listener on port 80 (and the left host, which never
        // connected, reset it).
        assertThat(engine.captures().on("r", "eth1").stream().map(CapturedFrame::frame).filter(Packet::isIpv4)
                .filter(p -> p.ip().source().equals(RIGHT)).map(p -> ((TcpSegment) p.transport()).flags()))
                .containsExactly(TcpFlags.SYN | TcpFlags.ACK);
    }

    @Test
    void withoutIpForwardTheRouterDropsAndSaysWhy() {
        Trace trace = new Simulation(TestWorlds.routed(false), new PassThroughNetfilter(),
                new Flow("left", null, RIGHT, 80, IpProtocol.TCP), 5).run("test");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
        assertThat(trace.disposition().detail()).contains("net.ipv4.ip_forward=0");
    }

    @Test
    void packetsWaitingForOneNextHopCauseOneArpRequest() {
        Engine engine = new Engine(TestWorlds.routed(true), new PassThroughNetfilter(), 2);
        NodeRuntime left = engine.node("left");
        Ipv4Address src = Ipv4Address.parse("10.1.0.2");
        engine.events().at(0, () -> {
            engine.sendLocal(left, Datagrams.of(src, RIGHT, 1, true, Datagrams.udp(5000, 9, "one")), "test");
            engine.sendLocal(left, Datagrams.of(src, RIGHT, 2, true, Datagrams.udp(5000, 9, "two")), "test");
        });
        engine.run();
        List<CapturedFrame> out = engine.captures().on("left", "eth0").stream()
                .filter(f -> f.direction() == Direction.OUT).toList();
        assertThat(out).hasSize(3);
        assertThat(out.get(0).frame().network()).isInstanceOf(ArpMessage.class);
        assertThat(out.get(1).frame().ip().identification()).isEqualTo(1);
        assertThat(out.get(2).frame().ip().identification()).isEqualTo(2);
        assertThat(engine.traces().get(1).steps()).contains(new TraceStep.ArpRequested("left", "eth0", "10.1.0.1"));
    }

    @Test
    void noRouteIsADropAtTheSender() {
        Trace trace = new Simulation(TestWorlds.bridged(false), new PassThroughNetfilter(),
                new Flow("a", Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("8.8.8.8"), 80, IpProtocol.UDP), 1)
                .run("test");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
        assertThat(trace.disposition().detail()).contains("no route to 8.8.8.8");
    }

    /**
     * A forwarded packet whose lookup ends on a failing route goes to ip_error, which answers by the route's type (the
     * route-types kernel scenario checks the frames against the kernel's).
     */
    @Test
    void aRouteWhoseLookupFailsIsAnsweredByItsType() {
        for (RouteType type : List.of(RouteType.UNREACHABLE, RouteType.PROHIBIT, RouteType.BLACKHOLE, RouteType.THROW)) {
            Route route = Route.failing(type, Cidr.parse("10.2.0.2/32"), null, 0, Route.Protocol.BOOT);
            Simulation sim = new Simulation(TestWorlds.routed(true, List.of(route)), new PassThroughNetfilter(),
                    new Flow("left", null, RIGHT, 9, IpProtocol.UDP), 5);
            Trace trace = sim.run("test");
            assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
            assertThat(trace.packets().get(0).steps()).contains(new TraceStep.Dropped("r", "the route to 10.2.0.2 is '"
                    + route + "', whose lookup fails (" + type.error() + ")" + switch (type) {
                        case BLACKHOLE -> "; ip_error drops it without an answer";
                        case UNREACHABLE -> "; the kernel answers ICMP host unreachable";
                        case PROHIBIT -> "; the kernel answers ICMP communication administratively prohibited";
                        default -> "; the kernel answers ICMP net unreachable";
                    }));
            List<Integer> codes = sim.engine().captures().on("left", "eth0").stream()
                    .filter(f -> f.direction() == Direction.IN && f.frame().isIpv4()
                            && f.frame().transport() instanceof IcmpMessage)
                    .map(f -> ((IcmpMessage) f.frame().transport()).code()).toList();
            assertThat(codes).as(type.text()).isEqualTo(type == RouteType.BLACKHOLE ? List.of()
                    : List.of(type.forwardedAnswer()));
            assertThat(DropExplainer.explain(trace).hint()).as(type.text())
                    .contains("has the route '" + route + "'", "ip route del " + route);
        }
    }

    @Test
    void aSenderWhoseRouteFailsSendsNothing() {
        Route route = Route.failing(RouteType.PROHIBIT, Cidr.parse("10.2.0.0/24"), null, 0, Route.Protocol.BOOT);
        World world = TestWorlds.routed(true);
        Node left = world.node("left");
        List<Route> routes = new java.util.ArrayList<>(left.routes());
        routes.add(route);
        World w = new World(world.nodes().stream().map(n -> n != left ? n : new Node(n.name(), n.interfaces(), routes,
                n.neighbours(), n.sysctls(), n.ruleset(), n.sockets())).toList());
        assertThatThrownBy(() -> new Simulation(w, new PassThroughNetfilter(), new Flow("left", null, RIGHT, 80,
                IpProtocol.TCP), 5).run("test")).hasMessage("left's route to 10.2.0.2 is 'prohibit 10.2.0.0/24': the"
                + " sender's kernel refuses to send (EACCES, Permission denied)");
    }
}
