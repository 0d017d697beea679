package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.PassThroughNetfilter;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TcpStackTest {

    /** client 10.1.0.1 -- veth -- server 10.1.0.2, which listens on tcp 80 as {@code process} (may be null). */
    private static Trace exchange(String process) {
        Node client = new Node("client", List.of(Loopback.standard(), new Veth("eth0", 2,
                MacAddress.parse("02:00:00:00:00:01"), List.of(InterfaceAddress.parse("10.1.0.1/24")), null,
                new Endpoint("server", "eth0"))), List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
        Node server = new Node("server", List.of(Loopback.standard(), new Veth("eth0", 2,
                MacAddress.parse("02:00:00:00:00:02"), List.of(InterfaceAddress.parse("10.1.0.2/24")), null,
                new Endpoint("client", "eth0"))), List.of(), List.of(), Sysctls.DEFAULTS, null,
                List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, process, "OK\n")));
        Flow flow = new Flow("client", null, Ipv4Address.parse("10.1.0.2"), 80, IpProtocol.TCP);
        return new Simulation(new World(List.of(client, server)), new PassThroughNetfilter(), flow, 10).run("test");
    }

    /** What the trace says about each packet: who sent it, and where it was delivered. */
    private static List<String> sentAndDelivered(Trace trace) {
        List<String> out = new ArrayList<>();
        for (PacketTrace p : trace.packets()) {
            for (TraceStep s : p.steps()) {
                if (s instanceof TraceStep.Generated g) {
                    out.add(g.node() + " sent by " + g.by());
                } else if (s instanceof TraceStep.Delivered d) {
                    out.add(d.node() + " DELIVERED to " + d.to());
                }
            }
        }
        return out;
    }

    /** A scenario file's listen entry may leave out process: the trace then says "the program", never null. */
    @Test
    void aListeningSocketWithoutProcessIsTheProgramInTheTrace() {
        Trace trace = exchange(null);
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        List<String> lines = sentAndDelivered(trace);
        assertThat(lines).noneMatch(l -> l.contains("null"));
        assertThat(lines).contains(
                "server DELIVERED to listening socket tcp 0.0.0.0:80: SYN queued, the kernel answers SYN-ACK",
                "server DELIVERED to tcp 10.1.0.2:80: handshake complete, accept() returns the connection",
                "server DELIVERED to the program reads 72 bytes: GET / HTTP/1.1",
                "server sent by the program (response)",
                "server DELIVERED to the program: read() returns 0 (peer closed); it closes too",
                "server sent by the program (close)",
                "server DELIVERED to the program: last ACK, connection closed");
    }

    @Test
    void aListeningSocketsProcessNamesItsSideOfTheExchange() {
        List<String> lines = sentAndDelivered(exchange("nginx"));
        assertThat(lines).contains(
                "server DELIVERED to listening socket tcp 0.0.0.0:80 (nginx): SYN queued, the kernel answers SYN-ACK",
                "server DELIVERED to tcp 10.1.0.2:80 (nginx): handshake complete, accept() returns the connection",
                "server DELIVERED to nginx reads 72 bytes: GET / HTTP/1.1",
                "server sent by nginx (response)");
    }
}
