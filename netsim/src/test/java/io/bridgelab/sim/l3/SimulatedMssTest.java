package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated programs' TCP announces the MSS the kernel announces, and TCPMSS rewrites it on the way as the kernel
 * did: the same exchanges as two committed kernel runs, made up by the simulation on the world of their snapshot
 * taken before the traffic (its servers, busybox httpd on port 80, added: they start with the traffic), must show on
 * every interface the SYNs and SYN-ACKs of the kernel's captures with the same MSS options, in the same order. The kernel's run is the oracle: tcpmss's host clamps to the
 * path MTU (eth0 at 1400) and sets 1300 on docker0; port-mapping's announces 1460 everywhere.
 */
class SimulatedMssTest {
    private static final Path SCENARIOS = Path.of("../fixtures/scenarios");

    @Test
    void tcpmssExchangesAnnounceAndClampAsTheKernelDid() throws IOException {
        compare("tcpmss", List.of("ext", "test2"), new Flow("test1", null, Ipv4Address.parse("192.168.1.20"), 80, IpProtocol.TCP),
                new Flow("ext", null, Ipv4Address.parse("192.168.1.10"), 8088, IpProtocol.TCP));
    }

    @Test
    void portMappingsExchangeAnnouncesWhatTheKernelDid() throws IOException {
        compare("port-mapping", List.of("test2"), new Flow("ext", null, Ipv4Address.parse("192.168.1.10"), 8088, IpProtocol.TCP));
    }

    /** Every interface's handshake segments with their MSS: kernel's capture against the flows simulated in turn. */
    private static void compare(String scenario, List<String> servers, Flow... flows) throws IOException {
        Path run = SCENARIOS.resolve(scenario).resolve("captured");
        Map<String, List<String>> kernel = kernelHandshakes(run.resolve("captures"));
        Map<String, List<String>> simulated = new LinkedHashMap<>();
        for (Flow flow : flows) {
            World world;
            try {
                world = listening(SnapshotLoader.load(run.resolve("snapshot-before")), servers);
            } catch (io.bridgelab.sim.load.snapshot.SnapshotException e) {
                throw new IOException(e);
            }
            Simulation sim = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE), flow, 30);
            sim.run(scenario);
            for (String key : sim.engine().captures().interfaces()) {
                String[] at = key.split(":", 2);
                for (CapturedFrame f : sim.engine().captures().on(at[0], at[1])) {
                    String h = handshake(f.frame());
                    if (h != null) {
                        simulated.computeIfAbsent(at[0] + "/" + at[1], k -> new ArrayList<>()).add(h);
                    }
                }
            }
        }
        assertThat(kernel).as("the kernel's run has handshakes to compare").isNotEmpty();
        assertThat(simulated).as(scenario + ": SYN and SYN-ACK with their MSS, per interface").isEqualTo(kernel);
    }

    /** {@code world} with an HTTP server listening on TCP port 80 of every address in each of {@code servers}. */
    private static World listening(World world, List<String> servers) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : world.nodes()) {
            if (servers.contains(n.name())) {
                n = n.withSockets(List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "busybox httpd", null)));
            }
            nodes.add(n);
        }
        return new World(nodes);
    }

    /** "SYN mss 1460" or "SYN-ACK mss 1360" for a handshake segment, else null. */
    private static String handshake(Packet p) {
        if (!p.isIpv4() || !(p.transport() instanceof TcpSegment tcp) || !tcp.has(TcpFlags.SYN)) {
            return null;
        }
        return (tcp.has(TcpFlags.ACK) ? "SYN-ACK" : "SYN") + " mss " + tcp.mss();
    }

    /** node/iface -> the handshake segments of its capture (both directions), in the capture's order. */
    private static Map<String, List<String>> kernelHandshakes(Path captures) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(captures)) {
            files = s.filter(p -> p.toString().endsWith(".pcap") && !p.toString().endsWith(".sent.pcap")).sorted()
                    .toList();
        }
        for (Path pcap : files) {
            String key = pcap.getParent().getFileName() + "/" + pcap.getFileName().toString().replace(".pcap", "");
            try (CaptureReader r = CaptureReader.open(pcap)) {
                while (r.next()) {
                    String h = handshake(FrameDecoder.decode(r.linkType(), r.buffer(), r.dataOffset(),
                            r.capturedLength()).packet());
                    if (h != null) {
                        out.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
                    }
                }
            }
        }
        return out;
    }
}
