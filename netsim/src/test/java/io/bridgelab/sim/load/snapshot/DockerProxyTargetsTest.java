package io.bridgelab.sim.load.snapshot;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot's docker-proxy relays to the container of the DNAT rule dockerd wrote for the same port mapping; a
 * socket that is not docker-proxy's, or whose rule is not there or not one dockerd writes, relays nothing.
 */
class DockerProxyTargetsTest {
    private static final Path DOCKER_HOST = Path.of("../fixtures/scenarios/docker-host/captured/snapshot");
    private static final Ipv4Address LOCALHOST = Ipv4Address.parse("127.0.0.1");

    private static Ruleset rules(String... docker) throws Exception {
        return IptablesSaveParser.parse("*nat\n:PREROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n"
                + String.join("\n", docker) + (docker.length == 0 ? "" : "\n") + "COMMIT\n");
    }

    private static ListeningSocket proxy(int protocol, Ipv4Address address, int port) {
        return new ListeningSocket(protocol, address, port, "docker-proxy", null);
    }

    private static ListeningSocket.Relay relayOf(ListeningSocket socket, Ruleset rules) {
        return DockerProxyTargets.relayed(List.of(socket), rules).get(0).relay();
    }

    @Test
    void aRealDockerHostsProxyRelaysToThePublishedContainer() throws Exception {
        World world = SnapshotLoader.load(DOCKER_HOST);
        ListeningSocket s = world.node("host").socketFor(IpProtocol.TCP, Ipv4Address.parse("192.168.1.10"), 8088);
        assertThat(s.relay()).isEqualTo(new ListeningSocket.Relay(Ipv4Address.parse("172.17.0.3"), 80));

        Flow flow = new Flow("test1", null, Ipv4Address.parse("192.168.1.10"), 8088, IpProtocol.TCP);
        Trace trace = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), flow, 9).run("snapshot");
        assertThat(trace.packets()).anySatisfy(p -> assertThat(p.summary())
                .startsWith("172.17.0.1:39522 > 172.17.0.3:80 TCP [S]"));
        assertThat(trace.packets().get(trace.packets().size() - 1).summary())
                .startsWith("172.17.0.1:39522 > 172.17.0.3:80 TCP [P.]").contains("len 81");
    }

    @Test
    void theRuleOfTheSameMappingGivesTheBackend() throws Exception {
        Ruleset rules = rules(
                "-A DOCKER -i docker0 -j RETURN",
                "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:8080",
                "-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination"
                        + " 172.17.0.5:80",
                "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 172.17.0.4:80",
                "-A DOCKER ! -i docker0 -p udp -m udp --dport 5353 -j DNAT --to-destination 172.17.0.6:53");
        assertThat(relayOf(proxy(IpProtocol.TCP, Ipv4Address.ANY, 8088), rules))
                .hasToString("172.17.0.4:80");
        // docker run -p 127.0.0.1:8088:80: the proxy listens on that address, the rule has -d.
        assertThat(relayOf(proxy(IpProtocol.TCP, LOCALHOST, 8088), rules)).hasToString("172.17.0.5:80");
        // UDP's proxy by the udp rule; the tcp rule of the same port is not its mapping, nor is the udp rule a tcp
        // proxy's. A port without a rule is not relayed, nor is another program.
        assertThat(relayOf(proxy(IpProtocol.UDP, Ipv4Address.ANY, 5353), rules)).hasToString("172.17.0.6:53");
        assertThat(relayOf(proxy(IpProtocol.UDP, Ipv4Address.ANY, 8088), rules)).isNull();
        assertThat(relayOf(proxy(IpProtocol.TCP, Ipv4Address.ANY, 5353), rules)).isNull();
        assertThat(relayOf(proxy(IpProtocol.TCP, Ipv4Address.ANY, 9999), rules)).isNull();
        assertThat(relayOf(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 8080, "nginx", null), rules))
                .isNull();
    }

    @Test
    void rulesDockerdDoesNotWriteGiveNoBackend() throws Exception {
        ListeningSocket s = proxy(IpProtocol.TCP, Ipv4Address.ANY, 8088);
        assertThat(relayOf(s, rules())).isNull();
        assertThat(relayOf(s, rules("-A DOCKER -p tcp -m tcp ! --dport 8088 -j DNAT --to-destination 172.17.0.4:80")))
                .isNull();
        assertThat(relayOf(s, rules("-A DOCKER -p tcp -m tcp --dport 8088 -j DNAT --to-destination"
                + " 172.17.0.4-172.17.0.9:80"))).isNull();
        assertThat(relayOf(s, rules("-A DOCKER -p tcp -m tcp --dport 8088 -j DNAT --to-destination"
                + " 172.17.0.4:80-81"))).isNull();
        assertThat(relayOf(s, rules("-A DOCKER -p udp -m udp --dport 8088 -j DNAT --to-destination 172.17.0.4:80")))
                .isNull();
        assertThat(relayOf(s, rules("-A DOCKER -p tcp -j DNAT --to-destination 172.17.0.4"))).isNull();
        assertThat(DockerProxyTargets.relayed(List.of(s), IptablesSaveParser.parse("*filter\n:INPUT ACCEPT"
                + " [0:0]\nCOMMIT\n"))).containsExactly(s);
    }
}
