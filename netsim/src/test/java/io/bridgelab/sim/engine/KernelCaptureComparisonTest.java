package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.load.FixtureArticleHost;
import io.bridgelab.sim.trace.PacketSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first comparison with the real kernel: fixtures/scenarios/port-mapping/captured is one run of the
 * article's port mapping in namespaces on this machine kind (tcpdump on every interface, tx checksum
 * offload off). The frames the edges sent (ext's and test2's, from their own captures) are injected at
 * their timestamps into a simulated copy of that topology with the same rules; every frame the simulated
 * host shows on each of its interfaces must equal the kernel's, byte for byte, in order
 * (compared as pcap files: the simulation's captures exported with {@link PcapExport}). This checks the
 * hand-built world {@link FixtureArticleHost} (netsim's built-in {@code fixture-port-mapping}); the world
 * loaded from the run's own snapshot, and fresh kernel runs of every scenario, are checked by
 * {@code io.bridgelab.sim.kernel.KernelScenarioComparisonTest}.
 */
class KernelCaptureComparisonTest {
    private static final Path RUN = Path.of("../fixtures/scenarios/port-mapping/captured");

    @Test
    void everyFrameOnEveryHostInterfaceMatchesTheKernelsCapture(@TempDir Path exported) throws Exception {
        compare(RUN, exported);
    }

    private static void compare(Path run, Path exported) throws Exception {
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        Engine engine = new Engine(FixtureArticleHost.build(), netfilter, Integer.MAX_VALUE);
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
        assertThat(counters(netfilter.of("host").countedRuleset()))
                .as("host's iptables counters: the traffic's share of the kernel's (after minus before)")
                .isEqualTo(delta(counters(kernelRules(run, "snapshot")), counters(kernelRules(run, "snapshot-before"))));
        // The run is the whole exchange: ARP both sides, handshake, request, response, close.
        assertThat(engine.captures().on("host", "eth0")).hasSize(14);
        assertThat(engine.captures().on("host", "veth-test1")).hasSize(1);
    }

    private static Ruleset kernelRules(Path run, String snapshot) throws Exception {
        return IptablesSaveParser.parse(Files.readString(run.resolve(snapshot).resolve("host/iptables-save-c.txt")));
    }

    /** Every rule's and policy's counters, keyed {@code table chain N} (N = 0 for the policy). */
    private static java.util.Map<String, Counters> counters(Ruleset rules) {
        java.util.Map<String, Counters> out = new java.util.TreeMap<>();
        for (Table t : rules.tables()) {
            for (Chain c : t.chains()) {
                if (c.isBuiltin()) {
                    out.put(t.name().text() + " " + c.name() + " policy", c.policyCounters());
                }
                for (int i = 0; i < c.rules().size(); i++) {
                    out.put(t.name().text() + " " + c.name() + " " + (i + 1), c.rules().get(i).counters());
                }
            }
        }
        return out;
    }

    private static java.util.Map<String, Counters> delta(java.util.Map<String, Counters> after,
                                                        java.util.Map<String, Counters> before) {
        java.util.Map<String, Counters> out = new java.util.TreeMap<>();
        after.forEach((k, v) -> {
            Counters b = before.getOrDefault(k, Counters.ZERO);
            out.put(k, new Counters(v.packets() - b.packets(), v.bytes() - b.bytes()));
        });
        return out;
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

    @Test
    void theBuiltinFixtureWorldCarriesTheFixturesRules() throws Exception {
        try (var in = FixtureArticleHost.class.getResourceAsStream(FixtureArticleHost.RULES)) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(RUN.getParent().resolve("rules.save")));
        }
    }
}
