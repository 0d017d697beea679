package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.NeighbourEntry;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;
import io.bridgelab.netfilter.packet.Cidr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each renderer on the built-in article world (port-mapping: host eth0 is the outside NIC, docker0 with
 * test1 and test2) and on small hand-made worlds for the cases the fixtures do not have. The kernel is
 * the oracle for the formats in {@link KernelExecComparisonTest}; these pin the simulation's side.
 */
class RenderersTest {
    private static ExecResult exec(Engine engine, EvaluatedNetfilter nf, String node, String line) {
        return Exec.run(engine, nf, node, Arrays.asList(line.split(" ")));
    }

    private static Engine initial(World world) {
        return new Engine(world, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE), 1);
    }

    private static Engine article() {
        return initial(BuiltinScenarios.named("port-mapping").world());
    }

    /** The port-mapping scenario's exchange (handshake, request, response) run to its end. */
    private record Run(Engine engine, EvaluatedNetfilter netfilter) {
    }

    private static Run traced(String scenario) {
        Scenario s = BuiltinScenarios.named(scenario);
        EvaluatedNetfilter nf = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        Simulation sim = new Simulation(s.world(), nf, s.flow(), s.packets());
        sim.run(s.name());
        return new Run(sim.engine(), nf);
    }

    @Test
    void ipAddrShowsAVethWithItsPeersIfindexAndNamespace() {
        assertThat(exec(article(), null, "test1", "ip a").stdout()).isEqualTo("""
                1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                    inet 127.0.0.1/8 scope host lo
                       valid_lft forever preferred_lft forever
                4: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default\s
                    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netns host
                    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0
                       valid_lft forever preferred_lft forever
                """);
        assertThat(exec(article(), null, "host", "ip link show veth129a5c1").stdout()).isEqualTo(
                "7: veth129a5c1@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP"
                        + " mode DEFAULT group default \n"
                        + "    link/ether 46:57:6d:fe:e2:b4 brd ff:ff:ff:ff:ff:ff link-netns test2\n");
        ExecResult missing = exec(article(), null, "host", "ip a show dev nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).isEqualTo("Device \"nope\" does not exist.\n");
    }

    /** A bridge without ports has no carrier; a second address in a subnet is secondary; a /32 shows /32. */
    @Test
    void aPortlessBridgeIsDownAndASecondAddressIsSecondary() {
        Node n = new Node("n", List.of(Loopback.standard(), new Bridge("br0", 2, MacAddress.parse("02:00:00:00:00:01"),
                List.of(InterfaceAddress.parse("10.0.0.1/24"), InterfaceAddress.parse("10.0.0.2/24"),
                        InterfaceAddress.parse("10.9.0.1/32")), false, 300)),
                List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
        assertThat(exec(initial(new World(List.of(n))), null, "n", "ip a show br0").stdout()).isEqualTo("""
                2: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000
                    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
                    inet 10.0.0.1/24 scope global br0
                       valid_lft forever preferred_lft forever
                    inet 10.0.0.2/24 scope global secondary br0
                       valid_lft forever preferred_lft forever
                    inet 10.9.0.1/32 scope global br0
                       valid_lft forever preferred_lft forever
                """);
        assertThat(exec(initial(new World(List.of(n))), null, "n", "brctl show").stdout())
                .isEqualTo("bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.020000000001\tno\t\t\n");
    }

    @Test
    void routesListInTrieOrderWithTheTrailingBlankAndRouteNAsNetTools() {
        assertThat(exec(article(), null, "host", "ip route").stdout()).isEqualTo("""
                default via 192.168.1.1 dev eth0\s
                172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\s
                192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10\s
                """);
        assertThat(exec(article(), null, "host", "route -n").stdout()).isEqualTo("""
                Kernel IP routing table
                Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
                0.0.0.0         192.168.1.1     0.0.0.0         UG    0      0        0 eth0
                172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0
                192.168.1.0     0.0.0.0         255.255.255.0   U     0      0        0 eth0
                """);
        assertThat(exec(article(), null, "test2", "ip route show table local").stdout()).startsWith(
                "local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n");
        assertThat(exec(article(), null, "test2", "ip route show table all").stdout()).contains(
                "local 172.17.0.4 dev eth0 table local proto kernel scope host src 172.17.0.4 \n");
    }

    @Test
    void aHostRouteWithAMetricShowsFlagHAndTheMetric() {
        Node n = new Node("n", List.of(Loopback.standard(), new Bridge("br0", 2, MacAddress.parse("02:00:00:00:00:01"),
                List.of(InterfaceAddress.parse("10.0.0.1/24")), false, 300)),
                List.of(new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.parse("10.1.2.3/32"),
                        Ipv4Address.parse("10.0.0.9"), "br0", null, 20)),
                List.of(), Sysctls.DEFAULTS, null, List.of());
        Engine e = initial(new World(List.of(n)));
        assertThat(exec(e, null, "n", "ip route").stdout()).isEqualTo("""
                10.0.0.0/24 dev br0 proto kernel scope link src 10.0.0.1\s
                10.1.2.3 via 10.0.0.9 dev br0 metric 20\s
                """);
        assertThat(exec(e, null, "n", "route -n").stdout()).endsWith(
                "10.1.2.3        10.0.0.9        255.255.255.255 UGH   20     0        0 br0\n");
    }

    /**
     * One route of each failing type, added with ip route add in a namespace whose d0 has 10.9.0.1/24: what iproute2
     * 6.1's ip route and net-tools' route -n printed for them on Linux 6.18 (a reject route, unreachable or prohibit,
     * is "!" with "-" for gateway, Ref and Iface; blackhole and throw leave by "*").
     */
    @Test
    void routesWhoseLookupFailsAsIpRouteAndRouteNPrintThem() {
        Route.Protocol boot = Route.Protocol.BOOT;
        Node n = new Node("n", List.of(Loopback.standard(), new Bridge("d0", 2, MacAddress.parse("02:00:00:00:00:01"),
                List.of(InterfaceAddress.parse("10.9.0.1/24")), false, 300)),
                List.of(Route.failing(RouteType.BLACKHOLE, Cidr.ANY, null, 100, boot),
                        Route.failing(RouteType.UNREACHABLE, Cidr.parse("10.1.0.0/16"), null, 5, boot),
                        Route.failing(RouteType.PROHIBIT, Cidr.parse("10.2.0.0/16"), null, 0, new Route.Protocol("static")),
                        Route.failing(RouteType.BLACKHOLE, Cidr.parse("10.3.0.0/16"), null, 0, boot),
                        Route.failing(RouteType.THROW, Cidr.parse("10.4.0.0/16"), null, 0, boot)),
                List.of(), Sysctls.DEFAULTS, null, List.of());
        Engine e = initial(new World(List.of(n)));
        assertThat(exec(e, null, "n", "ip route").stdout()).isEqualTo("""
                blackhole default metric 100\s
                unreachable 10.1.0.0/16 metric 5\s
                prohibit 10.2.0.0/16 proto static\s
                blackhole 10.3.0.0/16\s
                throw 10.4.0.0/16\s
                10.9.0.0/24 dev d0 proto kernel scope link src 10.9.0.1\s
                """);
        assertThat(exec(e, null, "n", "route -n").stdout()).isEqualTo("""
                Kernel IP routing table
                Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
                0.0.0.0         0.0.0.0         0.0.0.0         U     100    0        0 *
                10.1.0.0        -               255.255.0.0     !     5      -        0 -
                10.2.0.0        -               255.255.0.0     !     0      -        0 -
                10.3.0.0        0.0.0.0         255.255.0.0     U     0      0        0 *
                10.4.0.0        0.0.0.0         255.255.0.0     U     0      0        0 *
                10.9.0.0        0.0.0.0         255.255.255.0   U     0      0        0 d0
                """);
    }

    /**
     * Veth pairs with both ends in namespace a: eth0 (10.0.0.1/24 and the secondary 10.0.0.5/24), eth1
     * (10.9.9.9/32), eth2 (10.3.0.0/31), eth3 (192.168.7.2/24), and routes a user added. The expected text
     * is what iproute2 6.1 printed on Linux 6.18 for the same namespace built with ip link/addr/route
     * (IPv6 off, as the fixtures have it).
     */
    private static Engine sameNamespacePairs() {
        List<NetInterface> interfaces = new ArrayList<>(List.of(Loopback.standard()));
        String[][] pairs = {{"eth0", "02:fb:14:03:ce:ca", "peer0", "02:67:6d:0a:38:5b", "10.0.0.1/24 10.0.0.5/24"},
                {"eth1", "02:fb:14:03:ce:cb", "peer1", "02:67:6d:0a:38:5c", "10.9.9.9/32"},
                {"eth2", "02:fb:14:03:ce:cc", "peer2", "02:67:6d:0a:38:5d", "10.3.0.0/31"},
                {"eth3", "02:fb:14:03:ce:cd", "peer3", "02:67:6d:0a:38:5e", "192.168.7.2/24"}};
        int ifindex = 2;
        for (String[] p : pairs) {
            List<InterfaceAddress> addresses = Arrays.stream(p[4].split(" ")).map(InterfaceAddress::parse).toList();
            interfaces.add(new Veth(p[0], ifindex++, MacAddress.parse(p[1]), addresses, null, new Endpoint("a", p[2])));
            interfaces.add(new Veth(p[2], ifindex++, MacAddress.parse(p[3]), List.of(), null, new Endpoint("a", p[0])));
        }
        Ipv4Address gw = Ipv4Address.parse("10.0.0.2");
        Ipv4Address src = Ipv4Address.parse("10.0.0.1");
        List<Route> routes = List.of(
                new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.parse("10.5.0.0/16"), gw, "eth0", src, 100),
                new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.parse("10.7.0.0/16"), null, "eth0", null, 0),
                new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.parse("10.8.0.0/16"), null, "eth0", src, 0),
                Route.defaultVia(Ipv4Address.parse("10.0.0.254"), "eth0"));
        Node a = new Node("a", interfaces, routes, List.of(), Sysctls.DEFAULTS, null, List.of());
        return initial(new World(List.of(a)));
    }

    /** ip route add 10.5.0.0/16 via 10.0.0.2 src 10.0.0.1 metric 100; ... dev eth0; ... dev eth0 src 10.0.0.1. */
    @Test
    void routesForSecondaryAndSlash32AddressesAndUsersRoutesReadAsTheKernels() {
        assertThat(exec(sameNamespacePairs(), null, "a", "ip route show table all").stdout()).isEqualTo("""
                default via 10.0.0.254 dev eth0\s
                10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\s
                10.3.0.0/31 dev eth2 proto kernel scope link src 10.3.0.0\s
                10.5.0.0/16 via 10.0.0.2 dev eth0 src 10.0.0.1 metric 100\s
                10.7.0.0/16 dev eth0 scope link\s
                10.8.0.0/16 dev eth0 scope link src 10.0.0.1\s
                192.168.7.0/24 dev eth3 proto kernel scope link src 192.168.7.2\s
                local 10.0.0.1 dev eth0 table local proto kernel scope host src 10.0.0.1\s
                local 10.0.0.5 dev eth0 table local proto kernel scope host src 10.0.0.1\s
                broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.1\s
                local 10.3.0.0 dev eth2 table local proto kernel scope host src 10.3.0.0\s
                local 10.9.9.9 dev eth1 table local proto kernel scope host src 10.9.9.9\s
                local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1\s
                local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1\s
                broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1\s
                local 192.168.7.2 dev eth3 table local proto kernel scope host src 192.168.7.2\s
                broadcast 192.168.7.255 dev eth3 table local proto kernel scope link src 192.168.7.2\s
                """);
        assertThat(exec(sameNamespacePairs(), null, "a", "ip route").stdout()).isEqualTo("""
                default via 10.0.0.254 dev eth0\s
                10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1\s
                10.3.0.0/31 dev eth2 proto kernel scope link src 10.3.0.0\s
                10.5.0.0/16 via 10.0.0.2 dev eth0 src 10.0.0.1 metric 100\s
                10.7.0.0/16 dev eth0 scope link\s
                10.8.0.0/16 dev eth0 scope link src 10.0.0.1\s
                192.168.7.0/24 dev eth3 proto kernel scope link src 192.168.7.2\s
                """);
    }

    /** Both ends in one namespace: iproute2 names the peer (eth0@peer0) and prints no link-netns. */
    @Test
    void aVethWhosePeerIsInTheSameNamespaceShowsThePeersName() {
        assertThat(exec(sameNamespacePairs(), null, "a", "ip a show eth0").stdout()).isEqualTo("""
                2: eth0@peer0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
                    link/ether 02:fb:14:03:ce:ca brd ff:ff:ff:ff:ff:ff
                    inet 10.0.0.1/24 scope global eth0
                       valid_lft forever preferred_lft forever
                    inet 10.0.0.5/24 scope global secondary eth0
                       valid_lft forever preferred_lft forever
                """);
        assertThat(exec(sameNamespacePairs(), null, "a", "ip link show peer0").stdout()).isEqualTo(
                "3: peer0@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group"
                        + " default qlen 1000\n    link/ether 02:67:6d:0a:38:5b brd ff:ff:ff:ff:ff:ff\n");
        assertThat(exec(sameNamespacePairs(), null, "a", "ip a show eth1").stdout()).isEqualTo("""
                4: eth1@peer1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
                    link/ether 02:fb:14:03:ce:cb brd ff:ff:ff:ff:ff:ff
                    inet 10.9.9.9/32 scope global eth1
                       valid_lft forever preferred_lft forever
                """);
    }

    @Test
    void neighboursAreLearnedReachableOrStaticPermanent() {
        assertThat(exec(article(), null, "host", "ip neigh").stdout()).isEmpty();
        Run run = traced("ping-container");
        assertThat(exec(run.engine(), run.netfilter(), "host", "ip neigh").stdout())
                .isEqualTo("172.17.0.4 dev docker0 lladdr 02:42:ac:11:00:04 REACHABLE \n");
        assertThat(exec(run.engine(), run.netfilter(), "host", "ip neigh show dev eth0").stdout()).isEmpty();
        assertThat(exec(run.engine(), run.netfilter(), "host", "ip neigh show dev docker0").stdout())
                .isEqualTo("172.17.0.4 lladdr 02:42:ac:11:00:04 REACHABLE \n");
        Node n = new Node("n", List.of(Loopback.standard(), new Veth("eth0", 2, MacAddress.parse("02:00:00:00:00:01"),
                List.of(InterfaceAddress.parse("10.0.0.1/24")), null, new Endpoint("m", "eth0"))), List.of(),
                List.of(new NeighbourEntry("eth0", Ipv4Address.parse("10.0.0.2"), MacAddress.parse("02:00:00:00:00:02"),
                        true)), Sysctls.DEFAULTS, null, List.of());
        Node m = new Node("m", List.of(Loopback.standard(), new Veth("eth0", 2, MacAddress.parse("02:00:00:00:00:02"),
                List.of(InterfaceAddress.parse("10.0.0.2/24")), null, new Endpoint("n", "eth0"))), List.of(),
                List.of(), Sysctls.DEFAULTS, null, List.of());
        assertThat(exec(initial(new World(List.of(n, m))), null, "n", "ip neigh").stdout())
                .isEqualTo("10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 PERMANENT \n");
    }

    @Test
    void theBridgeToolsShowLearnedMacsAfterTraffic() {
        Run run = traced("container-to-container");
        assertThat(exec(run.engine(), run.netfilter(), "host", "brctl show").stdout()).isEqualTo(
                "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
                        + "docker0\t\t8000.02428c1e5a10\tno\t\tveth129a5c1\n\t\t\t\t\t\t\tveth89481c7\n");
        String showmacs = exec(run.engine(), run.netfilter(), "host", "brctl showmacs docker0").stdout();
        assertThat(showmacs).startsWith("port no\tmac addr\t\tis local?\tageing timer\n")
                .contains("  1\t02:42:ac:11:00:02\tno\t\t   0.00\n", "  2\t02:42:ac:11:00:04\tno\t\t   0.00\n",
                        "  2\t46:57:6d:fe:e2:b4\tyes\t\t   0.00\n", "  1\taa:fe:fd:cf:0f:53\tyes\t\t   0.00\n");
        assertThat(showmacs.lines().skip(1).map(l -> l.split("\t")[1]).toList()).isSorted();
        String fdb = exec(run.engine(), run.netfilter(), "host", "bridge fdb").stdout();
        assertThat(fdb).contains("02:42:8c:1e:5a:10 dev docker0 master docker0 permanent\n"
                + "02:42:ac:11:00:02 dev veth89481c7 master docker0 \n"
                + "aa:fe:fd:cf:0f:53 dev veth89481c7 master docker0 permanent\n"
                + "33:33:00:00:00:01 dev veth89481c7 self permanent\n");
        ExecResult noBridge = exec(run.engine(), run.netfilter(), "host", "brctl showmacs eth0");
        assertThat(noBridge.exitCode()).isEqualTo(1);
        assertThat(noBridge.stderr()).isEqualTo("read of forward table failed: Operation not supported\n");
    }

    @Test
    void theAgeingTimerCountsSimulatedSecondsSinceTheMacWasLastSeen() {
        Run run = traced("container-to-container");
        run.engine().events().at(run.engine().now() + 12_340_000_000L, () -> { });
        run.engine().run();
        // 5 s after the exchange, a containers' neighbour entry that was used but never confirmed goes
        // DELAY -> PROBE: a unicast ARP probe and its reply cross docker0 and refresh both MACs in the FDB,
        // as in the kernel (fixtures/scenarios/neighbour-probe). So 12.34 s after the exchange the bridge
        // last saw them 7.34 s ago.
        assertThat(exec(run.engine(), run.netfilter(), "host", "brctl showmacs docker0").stdout())
                .contains("  1\t02:42:ac:11:00:02\tno\t\t   7.34\n", "  2\t02:42:ac:11:00:04\tno\t\t   7.34\n");
    }

    @Test
    void iptablesShowsTheCountersTheTrafficLeft() {
        assertThat(exec(article(), null, "host", "iptables -t nat -nvL PREROUTING").stdout())
                .startsWith("Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n");
        Run run = traced("port-mapping");
        String nat = exec(run.engine(), run.netfilter(), "host", "iptables -t nat -nvL DOCKER").stdout();
        assertThat(nat).isEqualTo("""
                Chain DOCKER (2 references)
                 pkts bytes target     prot opt in     out     source               destination        \s
                    0     0 RETURN     0    --  docker0 *       0.0.0.0/0            0.0.0.0/0          \s
                    1    44 DNAT       6    --  !docker0 *       0.0.0.0/0            0.0.0.0/0            tcp dpt:8088 to:172.17.0.4:80
                """);
        assertThat(exec(run.engine(), run.netfilter(), "host", "iptables-save -c -t nat").stdout())
                .startsWith("# Generated by iptables-save v1.8.9 (nf_tables) on ")
                .contains("\n*nat\n", "[1:44] -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 172.17.0.4:80\n")
                .doesNotContain("*filter");
        assertThat(exec(run.engine(), run.netfilter(), "host", "iptables -S DOCKER").stdout()).isEqualTo(
                "-N DOCKER\n-A DOCKER -d 172.17.0.4/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT\n");
        ExecResult missing = exec(run.engine(), run.netfilter(), "host", "iptables -nvL NOPE");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).isEqualTo(
                "iptables v1.8.9 (nf_tables): chain `NOPE' in table `filter' is incompatible, use 'nft' tool.\n");
        assertThat(exec(run.engine(), run.netfilter(), "test2", "iptables-save").stdout()).isEmpty();
    }

    @Test
    void conntrackListsTheEntriesWithTheCountOnStderr() {
        ExecResult before = exec(article(), null, "host", "conntrack -L");
        assertThat(before.stdout()).isEmpty();
        assertThat(before.stderr()).isEqualTo("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n");
        Run run = traced("port-mapping");
        ExecResult after = exec(run.engine(), run.netfilter(), "host", "conntrack -L");
        assertThat(after.stdout()).isEqualTo("tcp      6 432000 ESTABLISHED src=192.168.1.20 dst=192.168.1.10 sport=43210"
                + " dport=8088 src=172.17.0.4 dst=192.168.1.20 sport=80 dport=43210 [ASSURED] mark=0 use=1\n");
        assertThat(after.stderr()).isEqualTo("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
        assertThat(exec(run.engine(), run.netfilter(), "test2", "conntrack -L").stdout()).isEmpty();
    }

    @Test
    void sysfsGivesIfindexAndForAVethThePeersIfindex() {
        Engine e = article();
        assertThat(exec(e, null, "test2", "cat /sys/class/net/eth0/ifindex /sys/class/net/eth0/iflink").stdout())
                .isEqualTo("6\n7\n");
        assertThat(exec(e, null, "host", "cat /sys/class/net/docker0/iflink /sys/class/net/lo/mtu "
                + "/sys/class/net/docker0/address").stdout()).isEqualTo("3\n65536\n02:42:8c:1e:5a:10\n");
        ExecResult missing = exec(e, null, "host", "cat /sys/class/net/nope/ifindex /sys/class/net/lo/ifindex");
        assertThat(missing.stdout()).isEqualTo("1\n");
        assertThat(missing.stderr()).isEqualTo("cat: /sys/class/net/nope/ifindex: No such file or directory\n");
        assertThat(missing.exitCode()).isEqualTo(1);
    }

    @Test
    void anUnknownNodeNamesTheKnownOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exec(article(), null, "nope", "ip a"))
                .hasMessageContaining("no node named 'nope'").hasMessageContaining("host");
    }
}
