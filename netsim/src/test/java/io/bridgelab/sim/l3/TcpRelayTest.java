package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.load.PortMapping;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docker-proxy relays a TCP connection the nat rules leave to it (a container to the host's published port, the
 * host to 127.0.0.1) over a second connection of its own, as the real one does in the docker-host kernel
 * scenario's captures on docker0: the client's handshake; docker-proxy's handshake from 172.17.0.1 to the
 * container; the request ACKed by the host's kernel and copied; the answer ACKed and copied back; the client's
 * FIN passed to the container, the container's FIN passed back.
 */
class TcpRelayTest {
    private static final Ipv4Address DOCKER0 = Ipv4Address.parse("172.17.0.1");
    private static final int HTTP = BuiltinScenarios.HTTP_PACKETS;

    private static Simulation simulation(World world, String from, String to, int packets, boolean wholeExchange) {
        Flow flow = new Flow(from, null, Ipv4Address.parse(to), 8088, IpProtocol.TCP);
        Simulation sim = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), flow, packets);
        if (wholeExchange) {
            sim.engine().widenForRelays();
        }
        return sim;
    }

    /** Each packet as "NODE: SUMMARY (sent by ...)", its IP and TCP fields as the trace prints them. */
    private static List<String> packets(Trace trace) {
        return trace.packets().stream().map(p -> p.origin() + ": " + p.summary().replaceAll(" seq .*", "")
                + " (" + sender(p) + ")").toList();
    }

    private static String sender(PacketTrace p) {
        return p.steps().stream().filter(TraceStep.Generated.class::isInstance)
                .map(s -> ((TraceStep.Generated) s).by()).findFirst().orElseThrow();
    }

    @Test
    void aContainerToThePublishedPortOfItsGatewayIsRelayedToTheContainerByDockerProxy() {
        Trace trace = simulation(DockerHost.article().build(), "test1", "172.17.0.1", HTTP, true)
                .run("test");

        assertThat(packets(trace)).containsExactly(
                "test1: 172.17.0.2:43210 > 172.17.0.1:8088 TCP [S] (curl (connect))",
                "host: 172.17.0.1:8088 > 172.17.0.2:43210 TCP [S.] (kernel (SYN-ACK))",
                "test1: 172.17.0.2:43210 > 172.17.0.1:8088 TCP [.] (kernel (handshake ACK))",
                "test1: 172.17.0.2:43210 > 172.17.0.1:8088 TCP [P.] (curl (request))",
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [S] (docker-proxy (connect to its backend 172.17.0.4:80))",
                "host: 172.17.0.1:8088 > 172.17.0.2:43210 TCP [.] (kernel (ACK of the data))",
                "test2: 172.17.0.4:80 > 172.17.0.1:39522 TCP [S.] (kernel (SYN-ACK))",
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [.] (kernel (handshake ACK))",
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [P.] (docker-proxy (copy to 172.17.0.4:80))",
                "test2: 172.17.0.4:80 > 172.17.0.1:39522 TCP [P.] (nginx (response))",
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [.] (kernel (ACK of the data))",
                "host: 172.17.0.1:8088 > 172.17.0.2:43210 TCP [P.] (docker-proxy (copy to the client"
                        + " 172.17.0.2:43210))");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        assertThat(trace.disposition().detail()).contains("curl reads 225 bytes: HTTP/1.1 200 OK");
        // The request waited in docker-proxy's socket until its backend connection was up.
        assertThat(trace.packets().get(3).outcome()).isInstanceOfSatisfying(TraceStep.Delivered.class, d -> assertThat(
                d.to()).isEqualTo("docker-proxy's connection from the client: 79 bytes (GET / HTTP/1.1) queued in the"
                + " socket: docker-proxy copies them once its connection to 172.17.0.4:80 is up"));
        // What nginx got is what curl sent, from docker-proxy's address.
        assertThat(trace.packets().get(8).summary()).contains("len 79");
        assertThat(trace.packets().get(11).summary()).contains("len 225");
    }

    @Test
    void theClosesArePassedOnOneConnectionAfterTheOther() {
        Trace trace = simulation(DockerHost.article().build(), "test1", "172.17.0.1", 40, false).run("test");

        assertThat(packets(trace).subList(12, trace.packets().size())).containsExactly(
                "test1: 172.17.0.2:43210 > 172.17.0.1:8088 TCP [.] (kernel (ACK of the data))",
                "test1: 172.17.0.2:43210 > 172.17.0.1:8088 TCP [F.] (curl (close))",
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [F.] (docker-proxy (shuts down writing to 172.17.0.4:80:"
                        + " the client closed))",
                "test2: 172.17.0.4:80 > 172.17.0.1:39522 TCP [F.] (nginx (close))",
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [.] (kernel (ACK of the FIN))",
                "host: 172.17.0.1:8088 > 172.17.0.2:43210 TCP [F.] (docker-proxy (close: 172.17.0.4:80 closed))",
                "test1: 172.17.0.2:43210 > 172.17.0.1:8088 TCP [.] (kernel (ACK of the FIN))");
        assertThat(trace.disposition().detail()).startsWith("19 packets (the whole exchange), all delivered");
    }

    @Test
    void theHostsOwnCurlToLocalhostIsRelayedFromTheBridgesAddress() {
        Trace trace = simulation(DockerHost.article().build(), "host", "127.0.0.1", HTTP, true)
                .run("test");

        assertThat(packets(trace)).contains(
                "host: 172.17.0.1:39522 > 172.17.0.4:80 TCP [S] (docker-proxy (connect to its backend 172.17.0.4:80))",
                "host: 127.0.0.1:8088 > 127.0.0.1:43210 TCP [P.] (docker-proxy (copy to the client"
                        + " 127.0.0.1:43210))");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
    }

    @Test
    void aBackendThatRefusesGetsTheClientsConnectionReset() {
        World nothingListens = new DockerHost()
                .container("test1", "172.17.0.2", "02:42:ac:11:00:02", "veth89481c7", "aa:fe:fd:cf:0f:53", 5)
                .container("test2", "172.17.0.4", "02:42:ac:11:00:04", "veth129a5c1", "46:57:6d:fe:e2:b4", 7,
                        List.of())
                .publish(IpProtocol.TCP, 8088, "172.17.0.4", 80).build();
        Trace trace = simulation(nothingListens, "test1", "172.17.0.1", 40, false).run("test");

        assertThat(packets(trace)).contains(
                "test2: 172.17.0.4:80 > 172.17.0.1:39522 TCP [R.] (kernel (RST))",
                // The request waits unread in docker-proxy's socket: closing it sends a reset (tcp_close).
                "host: 172.17.0.1:8088 > 172.17.0.2:43210 TCP [R.] (kernel (RST: docker-proxy closed the connection"
                        + " with the request unread; can't forward to 172.17.0.4:80, connection refused))");
        assertThat(trace.packets().get(trace.packets().size() - 1).outcome()).isEqualTo(new TraceStep.Delivered(
                "test1", "curl: connection reset by peer (ECONNRESET)", false));
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.REFUSED);
        assertThat(trace.disposition().detail()).contains("refused by test2: no socket listening on tcp 172.17.0.4:80");
    }

    @Test
    void anExplicitPacketCountIsKeptThroughTheProxy() {
        Trace trace = simulation(DockerHost.article().build(), "test1", "172.17.0.1", HTTP, false)
                .run("test");

        assertThat(trace.packets()).hasSize(HTTP);
    }

    @Test
    void aRelayHasNoAnswerOfItsOwn() {
        ListeningSocket.Relay to = new ListeningSocket.Relay(Ipv4Address.parse("172.17.0.4"), 80);
        assertThatThrownBy(() -> new ListeningSocket(IpProtocol.UDP, Ipv4Address.ANY, 53, "docker-proxy", "pong",
                to)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response of its own");
        assertThatThrownBy(() -> new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 8088, "docker-proxy", "OK",
                to)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response of its own");
        assertThatThrownBy(() -> new ListeningSocket.Relay(DOCKER0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DockerHost.dockerProxy(new PortMapping(IpProtocol.TCP, 8088, Ipv4Address.parse("172.17.0.4"), 80))
                .relay()).isEqualTo(to);
    }

    /**
     * The real docker-proxy's order on docker0 (the docker-host kernel scenario: test1 fetching 192.168.1.10:8088,
     * which the nat rules leave to docker-proxy, with busybox wget, which closes its side right after the request)
     * and the simulation's (curl, which closes after the answer) keep the same causal order: docker-proxy connects
     * to the container once it has accepted; copies the request after it got it and its connection is up; copies
     * the answer after it got it; passes the client's FIN to the container and the container's back; and copies
     * every byte.
     */
    @Test
    void theRelayKeepsTheRealDockerProxysOrder() throws IOException {
        List<Segment> real = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(DOCKER_HOST_DOCKER0)) {
            while (r.next()) {
                Segment s = Segment.of(FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength()));
                if (s != null) {
                    real.add(s);
                }
            }
        }
        Simulation sim = simulation(DockerHost.article().build(), "test1", "192.168.1.10", 40, false);
        sim.run("test");
        List<Segment> simulated = new ArrayList<>();
        for (CapturedFrame f : sim.engine().captures().on("host", "docker0")) {
            Segment s = Segment.of(f.frame());
            if (s != null) {
                simulated.add(s);
            }
        }

        for (List<Segment> run : List.of(real, simulated)) {
            Relayed r = Relayed.of(run);
            assertThat(r.at("front handshake ACK")).isLessThan(r.at("back SYN"));
            assertThat(r.at("front request")).isLessThan(r.at("back request"));
            assertThat(r.at("back handshake ACK")).isLessThan(r.at("back request"));
            assertThat(r.at("back answer")).isLessThan(r.at("front answer"));
            assertThat(r.at("front client FIN")).isLessThan(r.at("back proxy FIN"));
            assertThat(r.at("back server FIN")).isLessThan(r.at("front proxy FIN"));
            assertThat(r.bytes("back request")).isEqualTo(r.bytes("front request"));
            assertThat(r.bytes("front answer")).isEqualTo(r.bytes("back answer"));
        }
    }

    private static final Path DOCKER_HOST_DOCKER0 =
            Path.of("../fixtures/scenarios/docker-host/captured/captures/host/docker0.pcap");

    /** A TCP segment as seen on docker0. */
    private record Segment(String from, String to, int flags, int length) {
        static Segment of(Packet p) {
            if (!p.isIpv4() || !(p.ipv4().transport() instanceof TcpSegment t)) {
                return null;
            }
            return new Segment(p.ip().source() + ":" + t.sourcePort(), p.ip().destination() + ":"
                    + t.destinationPort(), t.flags(), t.payload().length());
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /**
     * The events of the first connection to port 8088 (the front) and docker-proxy's first connection from
     * 172.17.0.1 to port 80 after it (the back), by their index on docker0.
     */
    private record Relayed(java.util.Map<String, Integer> first, java.util.Map<String, Integer> bytes) {
        static Relayed of(List<Segment> run) {
            java.util.Map<String, Integer> first = new java.util.HashMap<>();
            java.util.Map<String, Integer> bytes = new java.util.HashMap<>();
            String client = null;
            String backClient = null;
            for (int i = 0; i < run.size(); i++) {
                Segment s = run.get(i);
                if (client == null && s.to().endsWith(":8088") && s.flags() == TcpFlags.SYN) {
                    client = s.from();
                }
                if (client != null && backClient == null && s.from().startsWith("172.17.0.1:")
                        && s.to().endsWith(":80") && s.flags() == TcpFlags.SYN) {
                    backClient = s.from();
                }
                String event = null;
                if (client != null && (s.from().equals(client) || s.to().equals(client))) {
                    boolean fromClient = s.from().equals(client);
                    event = "front " + (s.has(TcpFlags.FIN) ? (fromClient ? "client FIN" : "proxy FIN")
                            : s.length() > 0 ? (fromClient ? "request" : "answer")
                            : fromClient && !s.has(TcpFlags.SYN) && !first.containsKey("front handshake ACK")
                            ? "handshake ACK" : null);
                } else if (backClient != null && (s.from().equals(backClient) || s.to().equals(backClient))) {
                    boolean fromProxy = s.from().equals(backClient);
                    event = "back " + (s.flags() == TcpFlags.SYN ? "SYN" : s.has(TcpFlags.FIN)
                            ? (fromProxy ? "proxy FIN" : "server FIN") : s.length() > 0 ? (fromProxy ? "request"
                            : "answer") : fromProxy && !first.containsKey("back handshake ACK") ? "handshake ACK"
                            : null);
                }
                if (event != null && !event.endsWith("null")) {
                    first.putIfAbsent(event, i);
                    bytes.merge(event, s.length(), Integer::sum);
                }
            }
            return new Relayed(first, bytes);
        }

        int at(String event) {
            assertThat(first).as("events on docker0").containsKey(event);
            return first.get(event);
        }

        int bytes(String event) {
            return bytes.get(event);
        }
    }
}
