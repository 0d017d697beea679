package io.bridgelab.sim.load;

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
import io.bridgelab.sim.world.World;

import java.util.List;

/**
 * The article's host exactly as fixtures/scenarios/lib/article-host.sh builds it in namespaces (names
 * {@code ext}, {@code veth-test1}, ..., its MACs, ext as the default gateway, br_netfilter on), with the
 * rules of the fixtures' port-mapping run (a real dockerd 20.10's iptables-save). Captures made by those
 * scripts replay into this world interface for interface.
 */
public final class FixtureArticleHost {
    public static final MacAddress EXT = MacAddress.parse("02:00:c0:a8:01:14");
    public static final MacAddress TEST1 = MacAddress.parse("02:42:ac:11:00:02");
    public static final MacAddress TEST2 = MacAddress.parse("02:42:ac:11:00:04");
    public static final String RULES = "fixture-port-mapping.iptables-save";

    private FixtureArticleHost() {
    }

    public static World build() {
        // busybox httpd listens with a backlog of 9 (ss in the docker-host kernel scenario: Send-Q 9).
        List<ListeningSocket> httpd = List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "busybox httpd",
                DockerHost.NGINX_RESPONSE).withBacklog(9));
        Node ext = new Node("ext", List.of(Loopback.standard(), new Veth("eth0", 2, EXT,
                List.of(InterfaceAddress.parse("192.168.1.20/24")), null, new Endpoint("host", "eth0"))),
                List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
        Node host = new Node("host", List.of(Loopback.standard(),
                new Veth("eth0", 2, MacAddress.parse("02:00:c0:a8:01:0a"),
                        List.of(InterfaceAddress.parse("192.168.1.10/24")), null, new Endpoint("ext", "eth0")),
                new Bridge("docker0", 3, MacAddress.parse("02:42:5c:3f:00:01"),
                        List.of(InterfaceAddress.parse("172.17.0.1/16")), false, Bridge.DEFAULT_AGEING_SECONDS),
                new Veth("veth-test1", 4, MacAddress.parse("5e:d0:00:00:00:02"), List.of(),
                        new BridgePort("docker0", false), new Endpoint("test1", "eth0")),
                new Veth("veth-test2", 5, MacAddress.parse("5e:d0:00:00:00:04"), List.of(),
                        new BridgePort("docker0", false), new Endpoint("test2", "eth0"))),
                List.of(Route.defaultVia(Ipv4Address.parse("192.168.1.20"), "eth0")), List.of(),
                new Sysctls(true, true), RulesetResource.load(RULES), List.of());
        return new World(List.of(ext, host, container("test1", TEST1, "172.17.0.2/16", "veth-test1", List.of()),
                container("test2", TEST2, "172.17.0.4/16", "veth-test2", httpd)));
    }

    private static Node container(String name, MacAddress mac, String address, String hostVeth,
                                  List<ListeningSocket> sockets) {
        return new Node(name, List.of(Loopback.standard(), new Veth("eth0", 2, mac,
                List.of(InterfaceAddress.parse(address)), null, new Endpoint("host", hostVeth))),
                List.of(Route.defaultVia(Ipv4Address.parse("172.17.0.1"), "eth0")), List.of(), Sysctls.DEFAULTS,
                null, sockets);
    }
}
