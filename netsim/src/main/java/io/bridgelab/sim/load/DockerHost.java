package io.bridgelab.sim.load;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.sim.world.World;
import io.bridgelab.netfilter.rule.Ruleset;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed article's machine: a host with {@code eth0 192.168.1.10/24} cabled to an outside client
 * {@code 192.168.1.20}, Docker's {@code docker0 172.17.0.1/16}, and containers on it through veth
 * pairs, each running nginx on port 80, with Docker 20.10's rules for the published ports.
 */
public final class DockerHost {
    public static final Ipv4Address HOST_IP = Ipv4Address.parse("192.168.1.10");
    public static final Ipv4Address CLIENT_IP = Ipv4Address.parse("192.168.1.20");
    public static final Ipv4Address GATEWAY_IP = Ipv4Address.parse("172.17.0.1");
    public static final Cidr SUBNET = Cidr.parse("172.17.0.0/16");
    /** What nginx:alpine serves at / (shortened). */
    public static final String NGINX_PAGE = "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>"
            + "<body><h1>Welcome to nginx!</h1></body></html>\n";
    /** nginx's listen() backlog on Linux (NGX_LISTEN_BACKLOG): ss shows it as its listening socket's Send-Q. */
    public static final int NGINX_BACKLOG = 511;
    public static final String NGINX_RESPONSE = "HTTP/1.1 200 OK\r\nServer: nginx/1.25.3\r\n"
            + "Content-Type: text/html\r\nContent-Length: " + NGINX_PAGE.length() + "\r\nConnection: keep-alive\r\n\r\n"
            + NGINX_PAGE;

    private record Container(String name, String bridge, Ipv4Address address, MacAddress mac, String hostVeth,
                             MacAddress hostVethMac, int hostIfindex, List<ListeningSocket> sockets) {
    }

    private record Network(String bridge, int ifindex, MacAddress mac, InterfaceAddress gateway) {
    }

    private final List<Network> networks = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private final List<PortMapping> ports = new ArrayList<>();
    private Ruleset rules;
    private boolean hairpin;
    private boolean clientServes;

    /** A host with Docker's default bridge docker0 (172.17.0.1/16, ifindex 3). */
    public DockerHost() {
        network("docker0", 3, "02:42:8c:1e:5a:10", "172.17.0.1/16");
    }

    /** Adds a bridge network; the containers added next attach to it. */
    public DockerHost network(String bridge, int ifindex, String mac, String gateway) {
        networks.add(new Network(bridge, ifindex, MacAddress.parse(mac), InterfaceAddress.parse(gateway)));
        return this;
    }

    /** The host's ruleset instead of the one Docker would build for docker0 and the published ports. */
    public DockerHost rules(Ruleset ruleset) {
        rules = ruleset;
        return this;
    }

    /** Adds a container: its eth0 is ifindex {@code hostIfindex - 1} in its own namespace, as Docker's veths show. */
    public DockerHost container(String name, String address, String mac, String hostVeth, String hostVethMac,
                                int hostIfindex) {
        return container(name, address, mac, hostVeth, hostVethMac, hostIfindex, List.of(new ListeningSocket(
                IpProtocol.TCP, Ipv4Address.ANY, 80, "nginx", NGINX_RESPONSE).withBacklog(NGINX_BACKLOG)));
    }

    /** Adds a container with the given listening sockets. */
    public DockerHost container(String name, String address, String mac, String hostVeth, String hostVethMac,
                                int hostIfindex, List<ListeningSocket> sockets) {
        containers.add(new Container(name, networks.get(networks.size() - 1).bridge(), Ipv4Address.parse(address),
                MacAddress.parse(mac), hostVeth, MacAddress.parse(hostVethMac), hostIfindex, sockets));
        return this;
    }

    /** {@code -p hostPort:containerPort} for the container at {@code address}. */
    public DockerHost publish(int protocol, int hostPort, String address, int containerPort) {
        ports.add(new PortMapping(protocol, hostPort, Ipv4Address.parse(address), containerPort));
        return this;
    }

    /**
     * dockerd with {@code --userland-proxy=false}: hairpin_mode on every container's bridge port,
     * {@code net.ipv4.conf.docker0.route_localnet=1} (so the host's own traffic to 127.0.0.1:PORT, DNATed in OUTPUT,
     * may leave by docker0 with its loopback source) and the hairpin variant of the nat rules (see {@link DockerRules#singleBridge(String, io.bridgelab.netfilter.packet.Cidr,
     * List, boolean)}).
     */
    public DockerHost hairpin() {
        hairpin = true;
        return this;
    }

    /** Runs a web server on the outside client too, for traffic leaving the host. */
    public DockerHost clientServes() {
        clientServes = true;
        return this;
    }

    /** The article's two containers with {@code -p 8088:80} to test2. */
    public static DockerHost article() {
        return new DockerHost()
                .container("test1", "172.17.0.2", "02:42:ac:11:00:02", "veth89481c7", "aa:fe:fd:cf:0f:53", 5)
                .container("test2", "172.17.0.4", "02:42:ac:11:00:04", "veth129a5c1", "46:57:6d:fe:e2:b4", 7)
                .publish(IpProtocol.TCP, 8088, "172.17.0.4", 80);
    }

    /**
     * With the userland proxy on (Docker's default) dockerd starts a docker-proxy per published port,
     * listening on the host. Traffic DNATed in PREROUTING never reaches it; traffic the nat rules skip
     * (from the bridge itself, or the host's own to 127.0.0.1) does. For TCP it relays each connection it
     * accepts to the container over a second connection of its own, for UDP each client's datagrams over a socket
     * of its own per client.
     */
    private List<ListeningSocket> proxies() {
        List<ListeningSocket> out = new ArrayList<>();
        for (PortMapping p : ports) {
            out.add(dockerProxy(p));
        }
        return out;
    }

    /**
     * docker-proxy for a port mapping ({@code docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8088
     * -container-ip 172.17.0.4 -container-port 80}): it listens on every host address and relays to the container.
     */
    public static ListeningSocket dockerProxy(PortMapping p) {
        return new ListeningSocket(p.protocol(), Ipv4Address.ANY, p.hostPort(), "docker-proxy", null,
                new ListeningSocket.Relay(p.containerAddress(), p.containerPort()));
    }

    /**
     * dockerd (libnetwork) makes its bridges and veths with a transmit queue length of 0 (measured in the docker-host
     * kernel scenario: {@code ip link} prints no {@code qlen} for docker0, the host's veths and a container's eth0).
     */
    private static final int DOCKER_TXQLEN = 0;

    public World build() {
        List<Node> nodes = new ArrayList<>();
        List<ListeningSocket> web = List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "nginx",
                NGINX_RESPONSE).withBacklog(NGINX_BACKLOG));
        nodes.add(new Node("client", List.of(Loopback.standard(),
                new Wire("eth0", 2, MacAddress.parse("52:54:00:00:01:20"),
                        List.of(new InterfaceAddress(CLIENT_IP, 24)), null, new Endpoint("host", "eth0"))),
                List.of(), List.of(), Sysctls.DEFAULTS, null, clientServes ? web : List.of()));
        List<NetInterface> hostIfaces = new ArrayList<>();
        hostIfaces.add(Loopback.standard());
        hostIfaces.add(new Wire("eth0", 2, MacAddress.parse("52:54:00:00:01:10"),
                List.of(new InterfaceAddress(HOST_IP, 24)), null, new Endpoint("client", "eth0")));
        for (Network n : networks) {
            // dockerd gives its bridge's and its containers' addresses the subnet's broadcast address (measured in
            // the docker-host kernel scenario: "inet 172.17.0.1/16 brd 172.17.255.255").
            hostIfaces.add(new Bridge(n.bridge(), n.ifindex(), n.mac(), List.of(n.gateway().withSubnetBroadcast()),
                    false, Bridge.DEFAULT_AGEING_SECONDS, NetInterface.ETHERNET_MTU, DOCKER_TXQLEN));
        }
        for (Container c : containers) {
            hostIfaces.add(new Veth(c.hostVeth(), c.hostIfindex(), c.hostVethMac(), List.of(),
                    new BridgePort(c.bridge(), hairpin), new Endpoint(c.name(), "eth0"), NetInterface.ETHERNET_MTU,
                    DOCKER_TXQLEN));
        }
        nodes.add(new Node("host", hostIfaces,
                List.of(Route.defaultVia(Ipv4Address.parse("192.168.1.1"), "eth0")), List.of(),
                hairpin ? Sysctls.DOCKER_HOST.withRouteLocalnet("docker0") : Sysctls.DOCKER_HOST,
                rules != null ? rules : DockerRules.singleBridge("docker0", SUBNET, ports, hairpin),
                hairpin ? List.of() : proxies()));
        for (Container c : containers) {
            Network n = networks.stream().filter(x -> x.bridge().equals(c.bridge())).findFirst().orElseThrow();
            nodes.add(new Node(c.name(), List.of(Loopback.standard(),
                    new Veth("eth0", c.hostIfindex() - 1, c.mac(),
                            List.of(new InterfaceAddress(c.address(), n.gateway().prefixLength())
                                    .withSubnetBroadcast()), null,
                            new Endpoint("host", c.hostVeth()), NetInterface.ETHERNET_MTU, DOCKER_TXQLEN)),
                    List.of(Route.defaultVia(n.gateway().address(), "eth0")), List.of(), Sysctls.DEFAULTS, null,
                    c.sockets()));
        }
        return new World(nodes);
    }
}
