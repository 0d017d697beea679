package io.bridgelab.sim.testing;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.sim.world.World;

import java.util.List;

/** Small worlds for stage tests. */
public final class TestWorlds {
    public static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    public static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    public static final MacAddress MAC_C = MacAddress.parse("02:00:00:00:00:0c");

    private TestWorlds() {
    }

    /**
     * Hosts a (10.0.0.1), b (10.0.0.2) and c (10.0.0.3) on bridge br0 of node sw through ports pa, pb, pc.
     * Each host listens on tcp 80. Port pa has hairpin_mode as given.
     */
    public static World bridged(boolean hairpinOnA) {
        List<ListeningSocket> web = List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "httpd", "OK\n"));
        Node sw = new Node("sw", List.of(Loopback.standard(),
                new Bridge("br0", 2, MacAddress.parse("02:00:00:00:00:01"), List.of(), false, 300),
                new Veth("pa", 3, MacAddress.parse("02:00:00:00:01:0a"), List.of(), new BridgePort("br0", hairpinOnA),
                        new Endpoint("a", "eth0")),
                new Veth("pb", 4, MacAddress.parse("02:00:00:00:01:0b"), List.of(), new BridgePort("br0", false),
                        new Endpoint("b", "eth0")),
                new Veth("pc", 5, MacAddress.parse("02:00:00:00:01:0c"), List.of(), new BridgePort("br0", false),
                        new Endpoint("c", "eth0"))),
                List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
        return new World(List.of(sw, host("a", MAC_A, "10.0.0.1", "pa", web), host("b", MAC_B, "10.0.0.2", "pb", web),
                host("c", MAC_C, "10.0.0.3", "pc", web)));
    }

    private static Node host(String name, MacAddress mac, String ip, String port, List<ListeningSocket> sockets) {
        return new Node(name, List.of(Loopback.standard(), new Veth("eth0", 2, mac,
                List.of(new InterfaceAddress(Ipv4Address.parse(ip), 24)), null, new Endpoint("sw", port))),
                List.of(), List.of(), Sysctls.DEFAULTS, null, sockets);
    }

    /**
     * left (10.1.0.2/24) -- wire -- r (10.1.0.1/24, 10.2.0.1/24) -- wire -- right (10.2.0.2/24), both ends
     * with a default route via r; r forwards when {@code forward}.
     */
    public static World routed(boolean forward) {
        return routed(forward, List.of());
    }

    /** The same, the router r with {@code routes} of its own. */
    public static World routed(boolean forward, List<Route> routes) {
        return routed(forward, routes, Wire.ETHERNET_MTU);
    }

    /** The same, forwarding, with the right link (r's eth1 and right's eth0) at {@code rightMtu}. */
    public static World routedWithRightMtu(int rightMtu) {
        return routed(true, List.of(), rightMtu);
    }

    private static World routed(boolean forward, List<Route> routes, int rightMtu) {
        List<ListeningSocket> web = List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "httpd", "OK\n"));
        Node left = new Node("left", List.of(Loopback.standard(), new Wire("eth0", 2, MacAddress.parse("02:00:00:00:02:02"),
                List.of(InterfaceAddress.parse("10.1.0.2/24")), null, new Endpoint("r", "eth0"))),
                List.of(Route.defaultVia(Ipv4Address.parse("10.1.0.1"), "eth0")), List.of(), Sysctls.DEFAULTS, null,
                List.of());
        Node r = new Node("r", List.of(Loopback.standard(),
                new Wire("eth0", 2, MacAddress.parse("02:00:00:00:02:01"), List.of(InterfaceAddress.parse("10.1.0.1/24")),
                        null, new Endpoint("left", "eth0")),
                new Wire("eth1", 3, MacAddress.parse("02:00:00:00:03:01"), List.of(InterfaceAddress.parse("10.2.0.1/24")),
                        null, new Endpoint("right", "eth0"), rightMtu)),
                routes, List.of(), new Sysctls(forward, false), null, List.of());
        Node right = new Node("right", List.of(Loopback.standard(), new Wire("eth0", 2,
                MacAddress.parse("02:00:00:00:03:02"), List.of(InterfaceAddress.parse("10.2.0.2/24")), null,
                new Endpoint("r", "eth1"), rightMtu)),
                List.of(Route.defaultVia(Ipv4Address.parse("10.2.0.1"), "eth0")), List.of(), Sysctls.DEFAULTS, null, web);
        return new World(List.of(left, r, right));
    }
}
