package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.load.yaml.ScenarioFileLoader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code netsim exec ... ss}: the sockets in ss's own layout, and what the simulation has no sockets for refused.
 * The layouts of the first test were printed by iproute2 6.1's ss, piped, in a namespace with the same sockets
 * (busybox httpd on 127.0.0.1:80, a python3 UDP socket on 0.0.0.0:9000; the simulated pids are its own);
 * KernelExecComparisonTest holds UDP sockets, docker-proxy's among them, to the real ss in the port-mapping
 * namespaces, -p included.
 */
class SsExecTest {
    private final EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);

    private Simulation run(Scenario scenario) {
        Simulation simulation = new Simulation(scenario.world(), netfilter, scenario.flow(), scenario.packets());
        simulation.run(scenario.name());
        return simulation;
    }

    private String ss(Simulation s, String node, String line) {
        ExecResult r = Exec.run(s.engine(), netfilter, node, Arrays.asList(line.split(" ")));
        assertThat(r.exitCode()).isZero();
        return r.stdout();
    }

    private Simulation measuredNamespace() throws Exception {
        return run(ScenarioFileLoader.parse(java.nio.file.Path.of("ss.yaml"), """
                namespaces:
                  - name: n
                    interfaces: []
                    listen:
                      - {proto: udp, port: 9000, process: python3}
                      - {proto: tcp, port: 80, address: 127.0.0.1, process: busybox httpd, backlog: 9}
                trace: {from: n, to: "127.0.0.1:9000", proto: udp}
                """));
    }

    @Test
    void listeningSocketsAreLaidOutAsSsLaysThemOut() throws Exception {
        Simulation s = measuredNamespace();
        assertThat(ss(s, "n", "ss -tuln4")).isEqualTo("""
                Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
                udp   UNCONN 0      0            0.0.0.0:9000      0.0.0.0:*         \s
                tcp   LISTEN 0      9          127.0.0.1:80        0.0.0.0:*         \s
                """);
        assertThat(ss(s, "n", "ss -tulnH")).isEqualTo("""
                udp UNCONN 0      0        0.0.0.0:9000 0.0.0.0:*
                tcp LISTEN 0      9      127.0.0.1:80   0.0.0.0:*
                """);
        assertThat(ss(s, "n", "ss -ul")).isEqualTo("""
                State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
                UNCONN 0      0            0.0.0.0:9000      0.0.0.0:*         \s
                """);
    }

    @Test
    void theClientsConnectedUdpSocketIsListedWithoutAStateColumnUnlessListeningOnesAreToo() throws Exception {
        Simulation s = measuredNamespace();
        assertThat(ss(s, "n", "ss -u")).isEqualTo("""
                Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
                0      0          127.0.0.1:43210    127.0.0.1:9000      \s
                """);
        assertThat(ss(s, "n", "ss -uanp")).isEqualTo("""
                State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                       \s
                UNCONN 0      0            0.0.0.0:9000       0.0.0.0:*    users:(("python3",pid=1,fd=3))
                ESTAB  0      0          127.0.0.1:43210    127.0.0.1:9000 users:(("nc",pid=3,fd=3))    \s
                """);
    }

    @Test
    void afterTheArticlesExchangeTheContainerHoldsTheConnectionAndNamesPortsUnlessNumeric() {
        Simulation s = run(BuiltinScenarios.named("port-mapping"));
        assertThat(ss(s, "test2", "ss -ta")).isEqualTo("""
                State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
                LISTEN 0      511          0.0.0.0:http      0.0.0.0:*          \s
                ESTAB  0      0         172.17.0.4:http 192.168.1.20:43210      \s
                """);
        // The host holds no socket of the connection: DNAT forwards it (its docker-proxy listens, unused).
        assertThat(ss(s, "host", "ss -tn")).isEqualTo("State Recv-Q Send-Q Local Address:Port Peer Address:Port"
                + "Process\n");
    }

    @Test
    void theSideThatClosedFirstKeepsItsConnectionInTimeWaitShownOnlyWithAll() {
        Scenario scenario = BuiltinScenarios.named("port-mapping");
        Simulation s = new Simulation(scenario.world(), netfilter, scenario.flow(), 40);
        s.run(scenario.name());
        assertThat(ss(s, "client", "ss -tan"))
                .contains("TIME-WAIT 0      0       192.168.1.20:43210 192.168.1.10:8088");
        assertThat(ss(s, "client", "ss -tn")).doesNotContain("43210");
        // nginx answered the client's FIN with its own and got the last ACK: its socket is gone.
        assertThat(ss(s, "test2", "ss -tan")).doesNotContain("ESTAB").doesNotContain("43210");
    }

    @Test
    void otherSocketKindsFiltersAndOptionsAreRefusedByName() {
        Simulation s = run(BuiltinScenarios.named("port-mapping"));
        for (String line : List.of("ss", "ss -x", "ss -tlnp sport = :80", "ss -s", "ss -te", "ss --unix")) {
            assertThatThrownBy(() -> Exec.run(s.engine(), netfilter, "host", Arrays.asList(line.split(" "))))
                    .as(line).isInstanceOf(UnsupportedCommandException.class).hasMessageContaining("ss -t|-u");
        }
    }
}
