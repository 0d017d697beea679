package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.sim.l3.Datagrams;
import io.bridgelab.sim.testing.TestWorlds;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.RoutingRule;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy routing on the packet's way: the router's input lookup takes the mark PREROUTING's mangle table set, and a
 * rule's action answers as ip_error does for it; a rule's table gives the route (and its mtu) forwarding uses.
 */
class PolicyRoutingTest {
    private static final MacAddress ROUTER = MacAddress.parse("02:00:00:00:02:01");
    private static final MacAddress LEFT_MAC = MacAddress.parse("02:00:00:00:02:02");
    private static final Ipv4Address LEFT = Ipv4Address.parse("10.1.0.2");
    private static final Ipv4Address RIGHT = Ipv4Address.parse("10.2.0.2");
    private static final RouteTable T100 = new RouteTable(100);

    private static Engine engine() throws Exception {
        World w = TestWorlds.routed(true, List.of(new Route(T100, RouteType.UNICAST, Cidr.parse("10.2.0.0/24"), null,
                "eth1", null, 0, Route.Protocol.BOOT, 1200)));
        Node r = w.node("r");
        List<RoutingRule> rules = new ArrayList<>(RoutingRule.DEFAULTS);
        rules.add(new RoutingRule(200, false, null, null, null, null, 1, 0xffff_ffffL, RoutingRule.Action.PROHIBIT,
                null, -1));
        rules.add(new RoutingRule(300, false, null, null, null, null, 2, 0xffff_ffffL, RoutingRule.Action.LOOKUP, T100,
                -1));
        Node marked = new Node(r.name(), r.interfaces(), r.routes(), r.neighbours(), r.sysctls(), IptablesSaveParser.parse("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -p udp --dport 7 -j MARK --set-xmark 0x1/0xffffffff
                -A PREROUTING -p udp --dport 8 -j MARK --set-xmark 0x2/0xffffffff
                COMMIT
                """), r.sockets(), r.checksumOffload(), rules);
        World world = new World(w.nodes().stream().map(n -> n.name().equals("r") ? marked : n).toList());
        return new Engine(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), 20);
    }

    private static int send(Engine engine, int port, int size) {
        return engine.inject("r", "eth0", new Packet(new Ethernet(ROUTER, LEFT_MAC, Ethernet.TYPE_IPV4),
                Datagrams.of(LEFT, RIGHT, 77, false, Datagrams.udp(5000, port, "m".repeat(size - 28)))));
    }

    private static List<Packet> sentBy(Engine engine, String iface) {
        return engine.captures().on("r", iface).stream().filter(f -> f.direction() == Direction.OUT)
                .map(CapturedFrame::frame).filter(Packet::isIpv4).toList();
    }

    @Test
    void aMarkedDatagramMeetsTheProhibitRuleAndIsAnsweredAsIpErrorDoes() throws Exception {
        Engine engine = engine();
        int trace = send(engine, 7, 100);
        engine.run();
        assertThat(sentBy(engine, "eth1")).isEmpty();
        List<Packet> answers = sentBy(engine, "eth0");
        assertThat(answers).hasSize(1);
        IcmpMessage icmp = (IcmpMessage) answers.get(0).transport();
        assertThat(icmp.type()).isEqualTo(IcmpMessage.DESTINATION_UNREACHABLE);
        assertThat(icmp.code()).as("communication administratively prohibited").isEqualTo(13);
        assertThat(engine.traces().get(trace).steps()).anySatisfy(s -> assertThat(s)
                .isInstanceOfSatisfying(TraceStep.Dropped.class, d -> assertThat(d.cause()).startsWith(
                        "the routing rule '200: from all fwmark 0x1 prohibit' ends the lookup for 10.2.0.2"
                                + " (EACCES, Permission denied)")));
    }

    @Test
    void aDatagramMarkedForTable100IsForwardedByItsRouteAndItsMtu() throws Exception {
        Engine engine = engine();
        send(engine, 8, 1400);
        send(engine, 9, 1400);
        engine.run();
        // Port 8: table 100's route (mtu 1200) cuts it in two; port 9: main's connected route, MTU 1500, whole.
        assertThat(sentBy(engine, "eth1")).extracting(p -> p.ip().totalLength()).containsExactly(1196, 224, 1400);
    }
}
