package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.text.IptablesSaveWriter;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker shorthand against what dockerd 20.10 really wrote and set (fixtures/rulesets, made by generate.sh in
 * throwaway namespaces): rule for rule, in order, and the sysctls and port flags that go with the rules.
 */
class DockerShorthandMeasuredTest {
    private static final Path RULESETS = Path.of("../fixtures/rulesets");

    private static final String HOST = """
            namespaces:
              - name: host
                interfaces:
                  - {name: eth0, kind: wire, addresses: [192.168.1.10/24], peer: "client:eth0"}
                  - {name: BRIDGE, kind: bridge, addresses: [GATEWAY/16]}
                  - {name: veth0, master: BRIDGE, peer: "test2:eth0"}
                docker:
                  bridge: BRIDGE
            OPTIONS
                  publish:
                    - {container: test2, host_port: HOST_PORT, port: 80}
              - name: client
                interfaces:
                  - {name: eth0, kind: wire, addresses: [192.168.1.20/24]}
              - name: test2
                interfaces:
                  - {name: eth0, addresses: [CONTAINER/16]}
                routes:
                  - {to: default, via: GATEWAY}
                listen:
                  - {port: 80, process: httpd, response: "HTTP/1.0 200 OK\\r\\n\\r\\nhi\\n"}
            """;

    private static Scenario host(String bridge, String gateway, String container, int hostPort, String options)
            throws ScenarioFileException {
        return ScenarioFileLoaderTest.parse(HOST.replace("BRIDGE", bridge).replace("GATEWAY", gateway)
                .replace("CONTAINER", container).replace("HOST_PORT", Integer.toString(hostPort))
                .replace("OPTIONS", options));
    }

    /** The rule lines (chain declarations and -A rules, tables in order) of iptables-save text. */
    private static List<String> rules(String save) {
        return save.lines().filter(l -> l.startsWith("*") || l.startsWith(":") || l.startsWith("-A"))
                .map(l -> l.startsWith(":") ? l.replaceAll(" \\[\\d+:\\d+]$", "") : l).toList();
    }

    @Test
    void withoutTheUserlandProxyTheRulesAreDockerdsInOrder() throws Exception {
        Scenario s = host("docker0", "172.17.0.1", "172.17.0.4", 8088, "      userland_proxy: false");
        String ours = IptablesSaveWriter.write(s.world().node("host").ruleset());
        assertThat(rules(ours)).containsExactlyElementsOf(
                rules(Files.readString(RULESETS.resolve("docker-no-userland-proxy.save"))));
    }

    @Test
    void withoutTheUserlandProxyDockerdsPortAndSysctlSettingsComeWithTheRules() throws Exception {
        Node host = host("docker0", "172.17.0.1", "172.17.0.4", 8088, "      userland_proxy: false").world()
                .node("host");
        // The file sets neither: dockerd does (fixtures/rulesets/README.md, case no-userland-proxy).
        assertThat(host.sysctls().routeLocalnet("docker0")).isTrue();
        assertThat(host.sysctls().routeLocalnet("eth0")).isFalse();
        NetInterface port = host.iface("veth0");
        assertThat(port.port().hairpin()).isTrue();
        Node proxied = host("docker0", "172.17.0.1", "172.17.0.4", 8088, "").world().node("host");
        assertThat(proxied.sysctls().routeLocalnet("docker0")).isFalse();
        assertThat(proxied.iface("veth0").port().hairpin()).isFalse();
    }

    @Test
    void theHostsOwnLocalhostReachesThePublishedPortOnlyThroughTheBridgesRouteLocalnet() throws Exception {
        Scenario s = host("docker0", "172.17.0.1", "172.17.0.4", 8088, "      userland_proxy: false");
        Flow toLocalhost = new Flow("host", null, Ipv4Address.parse("127.0.0.1"), 8088, IpProtocol.TCP);
        Trace delivered = new Simulation(s.world(), new EvaluatedNetfilter(Netfilter.Mode.FAST), toLocalhost, 5)
                .run("t");
        assertThat(delivered.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        // The same rules with route_localnet off on docker0 (written out, not from the shorthand): the DNATed
        // SYN's new route leaves docker0 with source 127.0.0.1, which __mkroute_output refuses.
        String rules = IptablesSaveWriter.write(s.world().node("host").ruleset());
        Scenario manual = ScenarioFileLoaderTest.parse("""
                namespaces:
                  - name: host
                    interfaces:
                      - {name: docker0, kind: bridge, addresses: [172.17.0.1/16]}
                      - {name: veth0, master: docker0, hairpin: true, peer: "test2:eth0"}
                    sysctls: {ip_forward: true}
                    iptables: |
                """ + rules.indent(6) + """
                  - name: test2
                    interfaces:
                      - {name: eth0, addresses: [172.17.0.4/16]}
                    listen:
                      - {port: 80, process: httpd}
                """);
        Trace dropped = new Simulation(manual.world(), new EvaluatedNetfilter(Netfilter.Mode.FAST), toLocalhost, 1)
                .run("t");
        assertThat(dropped.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
        assertThat(dropped.disposition().detail()).contains("loopback source 127.0.0.1",
                "net.ipv4.conf.docker0.route_localnet=0");
    }

    @Test
    void withoutMasqueradeTheNetworksRulesAreDockerds() throws Exception {
        // The fixture holds the default bridge too; only the lines of the br- network (its name or subnet) count.
        String bridge = "br-7458129564ac";
        Scenario s = host(bridge, "172.22.0.1", "172.22.0.2", 8080, "      ip_masquerade: false");
        List<String> ours = network(IptablesSaveWriter.write(s.world().node("host").ruleset()), bridge);
        List<String> dockerd = network(Files.readString(RULESETS.resolve("docker-no-masquerade.save")), bridge);
        assertThat(ours).containsExactlyInAnyOrderElementsOf(dockerd).isNotEmpty();
    }

    private static List<String> network(String save, String bridge) {
        return save.lines().filter(l -> l.startsWith("-A") && (l.contains(bridge) || l.contains("172.22."))).toList();
    }

    @Test
    void aHostPortPublishedTwiceIsRefusedAsDockerDoes() {
        ScenarioFileException e = org.assertj.core.api.Assertions.catchThrowableOfType(ScenarioFileException.class,
                () -> ScenarioFileLoaderTest.parse(HOST.replace("BRIDGE", "docker0").replace("GATEWAY", "172.17.0.1")
                        .replace("CONTAINER", "172.17.0.4").replace("HOST_PORT", "8088").replace("OPTIONS", "")
                        .replace("port: 80}\n", "port: 80}\n        - {container: test2, host_port: 8088, port: 81}\n")));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("publish[1].host_port", "tcp port 8088 is published twice",
                "port is already allocated");
        ScenarioFileException bound = org.assertj.core.api.Assertions.catchThrowableOfType(ScenarioFileException.class,
                () -> ScenarioFileLoaderTest.parse(HOST.replace("BRIDGE", "docker0").replace("GATEWAY", "172.17.0.1")
                        .replace("CONTAINER", "172.17.0.4").replace("HOST_PORT", "8088").replace("OPTIONS", "")
                        .replace("    docker:\n", "    listen: [{port: 8088, process: nginx}]\n    docker:\n")));
        assertThat(bound).isNotNull();
        assertThat(bound.getMessage()).contains("publish[0].host_port", "tcp port 8088 is already bound by nginx");
    }
}
