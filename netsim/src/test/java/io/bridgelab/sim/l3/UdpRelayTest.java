package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.load.TwoNetworksHost;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-proxy relays the UDP datagrams the nat rules leave to it (the host's own to 127.0.0.1, a container's to its
 * gateway) as udp_proxy.go does: a socket of its own to the container per client, the answers written back from the
 * listening socket, a client forgotten 90 s after its last answer. KernelExecComparisonTest holds the same exchanges
 * to the real docker-proxy's.
 */
class UdpRelayTest {
    private static final long SECOND = 1_000_000_000L;

    /** The article's host with test2 answering UDP on 5000 (nothing on 5001), both published with the proxy. */
    private static World udpHost() {
        return new DockerHost()
                .container("test1", "172.17.0.2", "02:42:ac:11:00:02", "veth89481c7", "aa:fe:fd:cf:0f:53", 5)
                .container("test2", "172.17.0.4", "02:42:ac:11:00:04", "veth129a5c1", "46:57:6d:fe:e2:b4", 7,
                        List.of(new ListeningSocket(IpProtocol.UDP, Ipv4Address.ANY, 5000, "udp-echo", "pong\n")))
                .publish(IpProtocol.UDP, 5000, "172.17.0.4", 5000)
                .publish(IpProtocol.UDP, 5001, "172.17.0.4", 5001)
                .build();
    }

    private static Simulation simulation(World world, String from, String to, int port, int packets,
                                         boolean wholeExchange) {
        Flow flow = new Flow(from, null, Ipv4Address.parse(to), port, IpProtocol.UDP);
        Simulation sim = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), flow, packets);
        if (wholeExchange) {
            sim.engine().widenForRelays();
        }
        return sim;
    }

    /** Each packet as "NODE: SUMMARY (sent by ...)". */
    private static List<String> packets(List<PacketTrace> traces) {
        return traces.stream().map(p -> p.origin() + ": " + p.summary().replace(" ttl 64", "") + " (" + sender(p)
                + ")").toList();
    }

    private static String sender(PacketTrace p) {
        return p.steps().stream().filter(TraceStep.Generated.class::isInstance)
                .map(s -> ((TraceStep.Generated) s).by()).findFirst().orElse("");
    }

    private static String lastDelivery(PacketTrace p) {
        return p.steps().stream().filter(TraceStep.Delivered.class::isInstance)
                .map(s -> ((TraceStep.Delivered) s).to()).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void theHostsOwnDatagramToLocalhostIsRelayedFromTheBridgesAddressAndTheAnswerCopiedBack() {
        Trace trace = simulation(TwoNetworksHost.build(), "host", "127.0.0.1", 9001, 2, true).run("test");

        assertThat(packets(trace.packets())).containsExactly(
                "host: 127.0.0.1:43210 > 127.0.0.1:9001 UDP len 6 (nc -u (datagram))",
                "host: 172.20.0.1:47391 > 172.20.0.2:9001 UDP len 6 (docker-proxy (copy to 172.20.0.2:9001))",
                "udp: 172.20.0.2:9001 > 172.20.0.1:47391 UDP len 5 (udp-echo (response))",
                "host: 127.0.0.1:9001 > 127.0.0.1:43210 UDP len 5 (docker-proxy (copy to the client"
                        + " 127.0.0.1:43210))");
        assertThat(lastDelivery(trace.packets().get(0))).isEqualTo("socket udp 0.0.0.0:9001 (docker-proxy) reads 6"
                + " bytes from 127.0.0.1:43210; a new client: docker-proxy dials 172.20.0.2:9001 from"
                + " 172.20.0.1:47391 and writes the datagram there");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        assertThat(trace.disposition().detail()).contains("(nc -u) reads 5 bytes");
    }

    @Test
    void anExplicitPacketCountIsKeptThroughTheProxy() {
        Trace trace = simulation(TwoNetworksHost.build(), "host", "127.0.0.1", 9001, 2, false).run("test");

        assertThat(trace.packets()).hasSize(2);
    }

    @Test
    void aContainerToItsGatewaysPublishedPortIsRelayedAndAnsweredFromTheGateway() {
        // DOCKER's "-i br-... -j RETURN": what comes from the bridge is not DNATed, the proxy gets it.
        Trace trace = simulation(TwoNetworksHost.build(), "peer", "172.20.0.1", 9000, 2, true).run("test");

        assertThat(packets(trace.packets())).containsExactly(
                "peer: 172.20.0.3:43210 > 172.20.0.1:9000 UDP len 6 (nc -u (datagram))",
                "host: 172.20.0.1:47391 > 172.20.0.2:9000 UDP len 6 (docker-proxy (copy to 172.20.0.2:9000))",
                "udp: 172.20.0.2:9000 > 172.20.0.1:47391 UDP len 5 (udp-echo (response))",
                "host: 172.20.0.1:9000 > 172.20.0.3:43210 UDP len 5 (docker-proxy (copy to the client"
                        + " 172.20.0.3:43210))");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
    }

    @Test
    void theAnswerLeavesFromTheRoutesAddressSoAClientThatSentToAnotherOneRefusesIt() {
        // test1 sends to the host's eth0 address; the proxy's unconnected WriteToUDP leaves from 172.17.0.1, the
        // route's source towards test1, and nc's connected socket takes nothing from there.
        Trace trace = simulation(udpHost(), "test1", "192.168.1.10", 5000, 5, false).run("test");

        assertThat(packets(trace.packets())).containsExactly(
                "test1: 172.17.0.2:43210 > 192.168.1.10:5000 UDP len 6 (nc -u (datagram))",
                "host: 172.17.0.1:47391 > 172.17.0.4:5000 UDP len 6 (docker-proxy (copy to 172.17.0.4:5000))",
                "test2: 172.17.0.4:5000 > 172.17.0.1:47391 UDP len 5 (udp-echo (response))",
                "host: 172.17.0.1:5000 > 172.17.0.2:43210 UDP len 5 (docker-proxy (copy to the client"
                        + " 172.17.0.2:43210))",
                "test1: 172.17.0.2 > 172.17.0.1 ICMP port unreachable (kernel (ICMP port unreachable))");
        assertThat(lastDelivery(trace.packets().get(3))).isEqualTo("no socket bound to udp 172.17.0.2:43210: the"
                + " kernel answers ICMP port unreachable");
        assertThat(lastDelivery(trace.packets().get(4))).isEqualTo("ICMP error for docker-proxy's listening socket"
                + " udp 0.0.0.0:5000 (docker-proxy): not connected, the kernel drops the error");
    }

    @Test
    void aBackendThatRefusesMakesTheProxysReadFailAndTheClientHearsNothing() {
        Trace trace = simulation(udpHost(), "host", "127.0.0.1", 5001, 2, true).run("test");

        assertThat(packets(trace.packets())).containsExactly(
                "host: 127.0.0.1:43210 > 127.0.0.1:5001 UDP len 6 (nc -u (datagram))",
                "host: 172.17.0.1:47391 > 172.17.0.4:5001 UDP len 6 (docker-proxy (copy to 172.17.0.4:5001))",
                "test2: 172.17.0.4 > 172.17.0.1 ICMP port unreachable (kernel (ICMP port unreachable))");
        assertThat(lastDelivery(trace.packets().get(2))).isEqualTo("docker-proxy's socket to 172.17.0.4:5001:"
                + " read() fails with ECONNREFUSED, and its reply loop reads again (the client hears nothing)");
    }

    @Test
    void anAnswerThatCannotBeWrittenToTheClientEndsItsReplyLoop() throws Exception {
        // The client sends from an address the host has no route back to: WriteToUDP fails (ENETUNREACH), and
        // udp_proxy.go's reply loop returns, closing its socket and forgetting the client.
        io.bridgelab.sim.load.Scenario s = io.bridgelab.sim.load.yaml.ScenarioFileLoader.parse(
                java.nio.file.Path.of("unroutable.yaml"), """
                namespaces:
                  - name: host
                    interfaces:
                      - {name: docker0, kind: bridge, addresses: [172.17.0.1/16]}
                      - {name: veth0, master: docker0, peer: "c:eth0"}
                    docker:
                      publish:
                        - {container: 172.17.0.2, host_port: 5353, port: 53, proto: udp}
                  - name: c
                    interfaces:
                      - {name: eth0, addresses: [172.17.0.2/16, 192.0.2.5/32]}
                    routes: [{to: default, via: 172.17.0.1}]
                    listen:
                      - {proto: udp, port: 53, response: "answer"}
                trace: {from: c, source: 192.0.2.5, to: "172.17.0.1:5353", proto: udp}
                """);
        Simulation sim = new Simulation(s.world(), new EvaluatedNetfilter(Netfilter.Mode.FAST), s.flow(), 10);
        Trace trace = sim.run("test");

        assertThat(trace.packets()).hasSize(3);
        assertThat(lastDelivery(trace.packets().get(2))).isEqualTo("docker-proxy's socket 172.17.0.1:47391 reads 6"
                + " bytes but cannot write them to 192.0.2.5 (host has no route to 192.0.2.5 (ENETUNREACH)): its reply"
                + " loop ends, the client is forgotten");
        assertThat(sim.engine().node("host").udpRelay().backendSockets(sim.engine().now())).isEmpty();
    }

    @Test
    void aClientKeepsItsSocketUntil90SecondsPassWithoutAnAnswer() {
        // 5001: nothing answers, the deadline stays 90 s after the first datagram.
        Simulation silent = simulation(udpHost(), "host", "127.0.0.1", 5001, 100, false);
        silent.run("test");
        sendAgain(silent.engine(), 5001, 60 * SECOND);
        sendAgain(silent.engine(), 5001, 95 * SECOND);
        assertThat(proxyCopies(silent.engine())).containsExactly("172.17.0.1:47391", "172.17.0.1:47391",
                "172.17.0.1:47392");

        // 5000: each answer renews the deadline, so 80 s and 160 s later the same socket still relays.
        Simulation answered = simulation(udpHost(), "host", "127.0.0.1", 5000, 100, false);
        answered.run("test");
        sendAgain(answered.engine(), 5000, 80 * SECOND);
        sendAgain(answered.engine(), 5000, 160 * SECOND);
        assertThat(proxyCopies(answered.engine())).containsExactly("172.17.0.1:47391", "172.17.0.1:47391",
                "172.17.0.1:47391");
    }

    /** nc -u in the host sends its datagram again at {@code when}, from the same socket. */
    private static void sendAgain(Engine engine, int port, long when) {
        NodeRuntime host = engine.node("host");
        Ipv4Address localhost = Ipv4Address.parse("127.0.0.1");
        engine.events().at(when, () -> engine.sendLocal(host, Datagrams.of(localhost, localhost, host.nextIpId(), true,
                Datagrams.udp(TcpStack.CLIENT_PORT, port, "hello\n")), "nc -u (datagram)", true));
        engine.run();
    }

    /** The source of each copy docker-proxy wrote to its backend. */
    private static List<String> proxyCopies(Engine engine) {
        return engine.traces().stream().filter(p -> sender(p).startsWith("docker-proxy (copy to 172"))
                .map(p -> p.summary().substring(0, p.summary().indexOf(' '))).toList();
    }
}
