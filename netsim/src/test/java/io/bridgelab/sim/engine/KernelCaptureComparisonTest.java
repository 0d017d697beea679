package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.trace.PacketSummary;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first comparison with the real kernel: fixtures/scenarios/port-mapping/captured is one run of the
 * article's port mapping in namespaces on this machine kind (tcpdump on every interface, tx checksum
 * offload off). The frames the edges sent (ext's and test2's, from their own captures) are injected at
 * their timestamps into a simulated copy of that topology with the same rules; every frame the simulated
 * host shows on each of its interfaces must equal the kernel's, byte for byte, in order
 * (compared as pcap files: the simulation's captures exported with {@link PcapExport}).
 */
class KernelCaptureComparisonTest {
    private static final Path RUN = Path.of("../fixtures/scenarios/port-mapping/captured");
    private static final MacAddress EXT = MacAddress.parse("02:00:c0:a8:01:14");
    private static final MacAddress TEST1 = MacAddress.parse("02:42:ac:11:00:02");
    private static final MacAddress TEST2 = MacAddress.parse("02:42:ac:11:00:04");

    @Test
    void everyFrameOnEveryHostInterfaceMatchesTheKernelsCapture(@TempDir Path exported) throws Exception {
        compare(RUN, exported);
    }

    /**
     * The same comparison against a fresh kernel run made now (root, namespaces, tcpdump, busybox): the
     * kernel is the oracle on every CI run, not only the committed capture.
     */
    @Test
    void aFreshKernelRunMatchesToo(@TempDir Path out, @TempDir Path exported) throws Exception {
        Kernel.require("ip", "iptables-restore", "tcpdump", "busybox", "ethtool");
        Path script = Path.of("../fixtures/run-scenario.sh").toAbsolutePath().normalize();
        Command.Result r = Command.run(List.of("bash", script.toString(), "port-mapping", out.toString()), null,
                Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("run-scenario.sh port-mapping: " + r.stderr()).isZero();
        compare(out, exported);
    }

    private static void compare(Path run, Path exported) throws Exception {
        Engine engine = new Engine(world(run), new EvaluatedNetfilter(Netfilter.Mode.REFERENCE), Integer.MAX_VALUE);
        Path captures = run.resolve("captures");
        EdgeReplay.schedule(engine, List.of(
                new EdgeReplay.Edge("ext", "eth0", captures.resolve("ext/eth0.pcap")),
                new EdgeReplay.Edge("test1", "eth0", captures.resolve("test1/eth0.pcap")),
                new EdgeReplay.Edge("test2", "eth0", captures.resolve("test2/eth0.pcap"))));
        engine.run();
        PcapExport.write(engine.captures(), exported, 0);
        for (String iface : List.of("eth0", "docker0", "veth-test1", "veth-test2")) {
            List<String> kernel = frames(captures.resolve("host/" + iface + ".pcap"));
            List<String> simulated = frames(exported.resolve("host/" + iface + ".pcap"));
            assertThat(simulated).as("host " + iface).containsExactlyElementsOf(kernel);
        }
        // The run is the whole exchange: ARP both sides, handshake, request, response, close.
        assertThat(engine.captures().on("host", "eth0")).hasSize(14);
        assertThat(engine.captures().on("host", "veth-test1")).hasSize(1);
    }

    /** Each frame as tcpdump-like text and its bytes in hex: equal lists mean byte-identical captures. */
    private static List<String> frames(Path pcap) throws IOException {
        assertThat(pcap).exists();
        List<String> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                Packet p = FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength());
                out.add(PacketSummary.frame(p) + " | " + java.util.HexFormat.of().formatHex(r.buffer(), r.dataOffset(),
                        r.dataOffset() + r.capturedLength()));
            }
        }
        return out;
    }

    /** fixtures/scenarios/lib/article-host.sh's topology, MACs and sysctls, with the run's own rules. */
    private static World world(Path run) throws Exception {
        // The rules a run loads are its scenario's rules.save; the fresh run's snapshot has them too.
        Ruleset rules = IptablesSaveParser.parse(Files.readString(RUN.getParent().resolve("rules.save")));
        Node ext = new Node("ext", List.of(Loopback.standard(), new Veth("eth0", 2, EXT,
                List.of(InterfaceAddress.parse("192.168.1.20/24")), null, new Endpoint("host", "eth0"))),
                List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
        Node host = new Node("host", List.of(Loopback.standard(),
                new Veth("eth0", 2, MacAddress.parse("02:00:c0:a8:01:0a"), List.of(InterfaceAddress.parse("192.168.1.10/24")),
                        null, new Endpoint("ext", "eth0")),
                new Bridge("docker0", 3, MacAddress.parse("02:42:5c:3f:00:01"), List.of(InterfaceAddress.parse("172.17.0.1/16")),
                        false, Bridge.DEFAULT_AGEING_SECONDS),
                new Veth("veth-test1", 4, MacAddress.parse("5e:d0:00:00:00:02"), List.of(), new BridgePort("docker0", false),
                        new Endpoint("test1", "eth0")),
                new Veth("veth-test2", 5, MacAddress.parse("5e:d0:00:00:00:04"), List.of(), new BridgePort("docker0", false),
                        new Endpoint("test2", "eth0"))),
                List.of(Route.defaultVia(Ipv4Address.parse("192.168.1.20"), "eth0")), List.of(),
                new Sysctls(true, false, 0, true), rules, List.of());
        return new World(List.of(ext, host, container("test1", TEST1, "172.17.0.2/16", "veth-test1"),
                container("test2", TEST2, "172.17.0.4/16", "veth-test2")));
    }

    private static Node container(String name, MacAddress mac, String address, String hostVeth) {
        return new Node(name, List.of(Loopback.standard(), new Veth("eth0", 2, mac, List.of(InterfaceAddress.parse(address)),
                null, new Endpoint("host", hostVeth))), List.of(Route.defaultVia(Ipv4Address.parse("172.17.0.1"), "eth0")),
                List.of(), Sysctls.DEFAULTS, null, List.of());
    }
}
