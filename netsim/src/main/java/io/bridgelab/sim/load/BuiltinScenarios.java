package io.bridgelab.sim.load;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.engine.Flow;

import java.util.List;

/** The scenarios that ship with netsim; the first is {@code netsim trace}'s default. */
public final class BuiltinScenarios {
    /** SYN, SYN-ACK, ACK, the request, the response: the handshake and the first exchange. */
    public static final int HTTP_PACKETS = 5;

    private BuiltinScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("port-mapping", "the article: outside client 192.168.1.20 opens http://192.168.1.10:8088/,"
                        + " DNAT to test2 172.17.0.4:80 (-p 8088:80)", () -> DockerHost.article().build(),
                        new Flow("client", null, DockerHost.HOST_IP, 8088, IpProtocol.TCP), HTTP_PACKETS),
                new Scenario("container-to-container", "test2 curls test1 at 172.17.0.2:80 across docker0"
                        + " (ARP broadcast, FDB learning)", () -> DockerHost.article().build(),
                        new Flow("test2", null, Ipv4Address.parse("172.17.0.2"), 80, IpProtocol.TCP), HTTP_PACKETS),
                new Scenario("container-to-outside", "test1 opens http://192.168.1.20/ outside the host"
                        + " (MASQUERADE to 192.168.1.10)", () -> DockerHost.article().clientServes().build(),
                        new Flow("test1", null, DockerHost.CLIENT_IP, 80, IpProtocol.TCP), HTTP_PACKETS),
                new Scenario("hairpin", "test2 opens its own published port http://192.168.1.10:8088/"
                        + " (userland-proxy=false: hairpin_mode, hairpin MASQUERADE)",
                        () -> DockerHost.article().hairpin().build(),
                        new Flow("test2", null, DockerHost.HOST_IP, 8088, IpProtocol.TCP), HTTP_PACKETS),
                new Scenario("docker-proxy", "test1 opens the host's published port http://172.17.0.1:8088/: the"
                        + " nat rules leave it to docker-proxy, which relays it to test2 172.17.0.4:80 over a connection"
                        + " of its own (userland proxy on, Docker's default)", () -> DockerHost.article().build(),
                        new Flow("test1", null, Ipv4Address.parse("172.17.0.1"), 8088, IpProtocol.TCP),
                        HTTP_PACKETS),
                new Scenario("ping-container", "the host pings test2 at 172.17.0.4 through docker0",
                        () -> DockerHost.article().build(),
                        new Flow("host", null, Ipv4Address.parse("172.17.0.4"), 0, IpProtocol.ICMP), 2),
                new Scenario("udp-port-range", "the client sends UDP to 192.168.1.10:9001, published by"
                        + " -p 9000-9001:9000-9001/udp on the user network (real Docker 20.10 rules)",
                        TwoNetworksHost::build, new Flow("client", null, DockerHost.HOST_IP, 9001, IpProtocol.UDP), 2),
                new Scenario("icc-disabled", "peer 172.20.0.3 sends UDP to udp 172.20.0.2:9000 on a network with"
                        + " enable_icc=false: dropped in FORWARD", TwoNetworksHost::build,
                        new Flow("peer", null, Ipv4Address.parse("172.20.0.2"), 9000, IpProtocol.UDP), 2),
                new Scenario("isolated-networks", "other (docker0) sends UDP to udp 172.20.0.2:9000 on another"
                        + " bridge: DOCKER-ISOLATION drops it", TwoNetworksHost::build,
                        new Flow("other", null, Ipv4Address.parse("172.20.0.2"), 9000, IpProtocol.UDP), 2),
                new Scenario("fixture-port-mapping", "the port mapping as fixtures/scenarios/port-mapping builds it"
                        + " (ext, veth-test1/2, its MACs and real rules): the world for replaying its captures",
                        FixtureArticleHost::build, new Flow("ext", null, DockerHost.HOST_IP, 8088, IpProtocol.TCP),
                        HTTP_PACKETS),
                new Scenario("udp-closed-port", "the client sends UDP to 192.168.1.10:9999, nothing listens:"
                        + " ICMP port unreachable", () -> DockerHost.article().build(),
                        new Flow("client", null, DockerHost.HOST_IP, 9999, IpProtocol.UDP), 2));
    }

    /** The scenario of that name; throws listing the known names when there is none. */
    public static Scenario named(String name) {
        for (Scenario s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no built-in scenario '" + name + "' (have: "
                + String.join(", ", all().stream().map(Scenario::name).toList()) + ")");
    }
}
