package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.testing.CaptureFiles;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.DropExplainer;
import io.bridgelab.sim.trace.DropExplanation;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim trace --emit}: a real run's captures (the fixtures' committed kernel runs) replayed with every packet
 * traced. What the trace says reached each edge must be what the kernel's capture on that edge received, the trace
 * must name what the kernel did (DNAT, the icc rule's drop), and tracing (with or without a limit) must not change
 * a single frame of the replay.
 */
class CaptureTraceTest {
    private static final Path FIXTURES = Path.of("../fixtures/scenarios");

    /** What every namespace but the host sent, as the kernel comparison replays it. */
    private static List<EdgeReplay.Edge> edges(Path run, World world) {
        List<EdgeReplay.Edge> edges = new ArrayList<>();
        for (Node n : world.nodes()) {
            if (n.name().equals("host")) {
                continue;
            }
            for (NetInterface i : n.interfaces()) {
                Path sent = run.resolve("captures").resolve(n.name()).resolve(i.name() + ".sent.pcap");
                if (Files.exists(sent)) {
                    edges.add(new EdgeReplay.Edge(n.name(), i.name(), sent));
                }
            }
        }
        return edges;
    }

    private static World world(Path run) throws Exception {
        return SnapshotLoader.load(run.resolve("snapshot-before"));
    }

    /**
     * The host's own programs, where they sent (localhost, offload-defaults, the dockerd hosts): its local-output
     * capture, placed by the host's captures of what it sent, as the kernel comparison replays them.
     */
    private static List<LocalOutputReplay.Local> locals(Path run, World world) {
        Path dir = run.resolve("captures/host");
        Path nflog = dir.resolve("local-output.nflog");
        if (!Files.exists(nflog)) {
            return List.of();
        }
        List<Path> sent = new ArrayList<>();
        for (NetInterface i : world.node("host").interfaces()) {
            sent.add(i instanceof io.bridgelab.sim.world.Loopback ? dir.resolve(i.name() + ".pcap")
                    : dir.resolve(i.name() + ".sent.pcap"));
        }
        return List.of(new LocalOutputReplay.Local("host", nflog, sent));
    }

    private static CaptureTrace traced(Path run, int limit, boolean captures) throws Exception {
        World world = world(run);
        return new CaptureTrace(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), edges(run, world),
                locals(run, world), 1, limit, captures);
    }

    @Test
    void theTraceOfEveryKernelRunTellsWhatTheKernelsCapturesHold() throws Exception {
        for (String scenario : scenarios()) {
            Path run = FIXTURES.resolve(scenario).resolve("captured");
            World world = world(run);
            // The kernels' timers that fired before tcpdump stopped (a reassembly queue's expiry) fire here too.
            Trace trace = traced(run, Integer.MAX_VALUE, false).run(scenario, untilCapturesEnded(run, world));
            deliveriesToEachEdgeAreWhatItsCaptureReceived(scenario, run, world, trace);
            hopsOnEachInterfaceAreTheFramesCapturedThere(scenario, run, world, trace);
        }
    }

    private static void deliveriesToEachEdgeAreWhatItsCaptureReceived(String scenario, Path run, World world,
                                                                        Trace trace) throws IOException {
        long all = 0;
        for (EdgeReplay.Edge e : edges(run, world)) {
            String edge = e.node() + ":" + e.iface();
            long delivered = trace.packets().stream().flatMap(p -> p.steps().stream())
                    .filter(s -> s instanceof TraceStep.Delivered d && d.to().equals(TraceStep.Delivered.EDGE + " "
                            + edge + " (what it sends comes from its capture)"))
                    .count();
            // What the interface's capture holds but for what the edge sent (tcpdump -Q out): with hairpin mode an
            // edge also receives frames with its own source MAC.
            Path both = run.resolve("captures").resolve(e.node()).resolve(e.iface() + ".pcap");
            assertThat(delivered).as(scenario + ": frames the trace delivers to " + edge)
                    .isEqualTo(CaptureFiles.count(both) - CaptureFiles.count(e.capture()));
            all += delivered;
        }
        assertThat(all).as(scenario + ": frames delivered to the edges").isPositive();
    }

    private static void hopsOnEachInterfaceAreTheFramesCapturedThere(String scenario, Path run, World world,
                                                                      Trace trace) throws IOException {
        for (Node n : world.nodes()) {
            for (NetInterface i : n.interfaces()) {
                Path kernel = run.resolve("captures").resolve(n.name()).resolve(i.name() + ".pcap");
                if (i instanceof io.bridgelab.sim.world.Bridge || !Files.exists(kernel)) {
                    // A bridge's capture (promiscuous) also holds what it forwarded between its ports, which the
                    // trace tells as FDB steps, not as the device's own in or out.
                    continue;
                }
                long hops = trace.packets().stream().flatMap(p -> p.steps().stream())
                        .filter(s -> s instanceof TraceStep.Received r && r.node().equals(n.name())
                                && r.iface().equals(i.name())
                                || s instanceof TraceStep.Transmitted t && t.node().equals(n.name())
                                && t.iface().equals(i.name()))
                        .count();
                assertThat(hops).as(scenario + ": in and out steps on " + n.name() + ":" + i.name())
                        .isEqualTo(CaptureFiles.count(kernel));
            }
        }
    }

    @Test
    void thePublishedPortsExchangeIsExplainedHopByHop() throws Exception {
        Path run = FIXTURES.resolve("port-mapping/captured");
        Trace trace = traced(run, Integer.MAX_VALUE, false).run("port-mapping");

        assertThat(trace.flow()).startsWith("14 frames replayed from what ");
        assertThat(trace.packets()).hasSize(14);
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        assertThat(trace.disposition().detail()).isEqualTo("14 packets traced: 14 delivered, 0 dropped, 0 refused,"
                + " 0 ignored or lost");
        PacketTrace syn = trace.packets().stream().filter(p -> p.summary().contains("TCP [S] ")).findFirst()
                .orElseThrow();
        assertThat(syn.origin()).isEqualTo("ext");
        assertThat(syn.steps()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(TraceStep.RuleEvaluated.class,
                r -> assertThat(r.rule()).contains("-j DNAT --to-destination 172.17.0.4:80")));
        assertThat(syn.outcome()).isInstanceOfSatisfying(TraceStep.Delivered.class,
                d -> assertThat(d.node()).isEqualTo("test2"));
        // test2's ARP reply is taken by the host's ARP: it has no further way, and is not lost.
        assertThat(trace.packets()).anySatisfy(p -> assertThat(p.absorbed()).isTrue());
    }

    @Test
    void aReplayedFragmentEndsWhereItsDatagramDid() throws Exception {
        // fragments: every held fragment joined a datagram another packet carried on; none is left over.
        Trace whole = traced(FIXTURES.resolve("fragments/captured"), Integer.MAX_VALUE, false).run("fragments");
        List<PacketTrace> merged = whole.packets().stream().filter(PacketTrace::absorbed)
                .filter(p -> p.held() == null && p.steps().get(p.steps().size() - 1) instanceof TraceStep.Transformed)
                .toList();
        assertThat(merged).hasSizeGreaterThanOrEqualTo(4);
        assertThat(whole.packets()).allSatisfy(p -> assertThat(p.held()).isNull());
        assertThat(whole.disposition().detail()).endsWith(" 0 ignored or lost");

        // fragment-timeout: the lone fragments wait while the clock stops with the last frame, and are dropped
        // with their queues once it runs past ipfrag_time (1 s), as the kernel's ICMP error says it did.
        Path run = FIXTURES.resolve("fragment-timeout/captured");
        Trace stopped = traced(run, Integer.MAX_VALUE, false).run("fragment-timeout");
        assertThat(stopped.disposition().kind()).isEqualTo(Disposition.Kind.INCOMPLETE);
        assertThat(stopped.disposition().detail()).startsWith("packet 2 waits in host for the rest of its datagram"
                + " (br_netfilter's nf_defrag_ipv4: held for reassembly: ");
        assertThat(DropExplainer.explain(stopped).kind()).isEqualTo("reassembly");
        Trace lingered = traced(run, Integer.MAX_VALUE, false).run("fragment-timeout", 1_500_000_000L);
        assertThat(lingered.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
        assertThat(lingered.disposition().detail()).startsWith("packet 2 dropped in host: ip_expire: the rest of its"
                + " datagram did not come within net.ipv4.ipfrag_time=1 s");
        assertThat(DropExplainer.explain(lingered).kind()).isEqualTo("reassembly");
        assertThat(lingered.packets()).anySatisfy(p -> assertThat(p.summary()).contains("ICMP time exceeded"));
    }

    @Test
    void iccFalsesDropIsNamedByItsRule() throws Exception {
        Path run = FIXTURES.resolve("icc-false/captured");
        Trace trace = traced(run, Integer.MAX_VALUE, false).run("icc-false");

        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
        DropExplanation e = DropExplainer.explain(trace);
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo("rule");
        assertThat(e.rule()).matches("-A FORWARD -i (br-\\S+) -o \\1 -j DROP");
        // cb's ping and its TCP SYN to ca (the kernel's capture on ca holds neither), both by that one rule.
        assertThat(DropExplainer.failures(trace)).singleElement().satisfies(f -> {
            assertThat(f.count()).isEqualTo(2);
            assertThat(f.first().rule()).isEqualTo(e.rule());
        });
    }

    @Test
    void tracingAndItsLimitChangeNoFrame() throws Exception {
        Path run = FIXTURES.resolve("port-mapping/captured");
        World world = world(run);
        Engine quiet = new Engine(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), Integer.MAX_VALUE, false);
        EdgeReplay.schedule(quiet, edges(run, world));
        quiet.run();

        CaptureTrace all = traced(run, Integer.MAX_VALUE, true);
        Trace whole = all.run("port-mapping");
        CaptureTrace first3 = traced(run, 3, true);
        Trace limited = first3.run("port-mapping");
        CaptureTrace middle = new CaptureTrace(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), edges(run, world),
                List.of(), 5, 2, true);
        Trace window = middle.run("port-mapping");

        assertThat(limited.packets()).hasSize(3);
        assertThat(first3.engine().untracedAfter()).isEqualTo(11);
        assertThat(limited.disposition().detail()).endsWith("; 11 more replayed untraced (past --packets)");
        // A window keeps the packets' numbers, and their steps are those of the whole trace.
        assertThat(window.packets()).extracting(PacketTrace::number).containsExactly(5, 6);
        assertThat(window.packets()).isEqualTo(whole.packets().subList(4, 6));
        assertThat(window.disposition().detail()).isEqualTo("2 packets traced: 2 delivered, 0 dropped, 0 refused,"
                + " 0 ignored or lost; 4 before them replayed untraced (--first-packet); 8 more replayed untraced"
                + " (past --packets)");
        for (Engine traced : List.of(all.engine(), first3.engine(), middle.engine())) {
            assertThat(traced.captures().interfaces()).isEqualTo(quiet.captures().interfaces());
            for (String key : quiet.captures().interfaces()) {
                String[] nodeIface = key.split(":");
                assertThat(traced.captures().on(nodeIface[0], nodeIface[1])).as(key)
                        .isEqualTo(quiet.captures().on(nodeIface[0], nodeIface[1]));
            }
        }
    }

    @Test
    void aCaptureFromAnotherInterfaceIsIgnoredAndSaysSo() throws Exception {
        Path run = FIXTURES.resolve("port-mapping/captured");
        World world = world(run);
        // test2's own frames injected into ext's eth0, as if captured there: addressed to docker0's MAC.
        CaptureTrace wrong = new CaptureTrace(world, new EvaluatedNetfilter(Netfilter.Mode.FAST),
                List.of(new EdgeReplay.Edge(EdgeReplay.Kind.INJECT, "host", "eth0",
                        run.resolve("captures/test2/eth0.sent.pcap"))), List.of(), 1, 100, false);
        Trace trace = wrong.run("port-mapping");

        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.INCOMPLETE);
        assertThat(trace.disposition().detail()).startsWith("packet 1 ignored by host: frame for ")
                .contains("PACKET_OTHERHOST");
        DropExplanation e = DropExplainer.explain(trace);
        assertThat(e.kind()).isEqualTo("ignored");
        assertThat(e.hint()).contains("--inject must come from that interface");
    }

    @Test
    void tcpmssRewritesTheMssOfTheCapturedSynsAsTheKernelDid() throws Exception {
        Path run = FIXTURES.resolve("tcpmss/captured");
        Trace trace = traced(run, Integer.MAX_VALUE, false).run("tcpmss");
        List<String> changes = trace.packets().stream().flatMap(p -> p.steps().stream())
                .filter(s -> s instanceof TraceStep.Transformed)
                .flatMap(s -> ((TraceStep.Transformed) s).changes().stream()
                        .filter(c -> c.field().equals("tcp mss"))
                        .map(c -> c.before() + " -> " + c.after() + " (" + ((TraceStep.Transformed) s).cause() + ")"))
                .toList();
        // test1's SYN clamped to eth0's 1400 less 40; ext's SYN-ACK set to 1300 for docker0 (the clamp left its 1360);
        // ext's SYN set to 1300 for docker0; test2's SYN-ACK clamped to 1360 for eth0.
        assertThat(changes).containsExactly(
                "1460 -> 1360 (TCPMSS, rule mangle FORWARD:1)",
                "1360 -> 1300 (TCPMSS, rule mangle POSTROUTING:1)",
                "1360 -> 1300 (TCPMSS, rule mangle POSTROUTING:1)",
                "1460 -> 1360 (TCPMSS, rule mangle FORWARD:1)");
    }

    /** Every committed kernel run (with the host's own programs where they sent: localhost, the dockerd hosts). */
    private static List<String> scenarios() throws IOException {
        try (var dirs = Files.list(FIXTURES)) {
            List<String> runs = dirs.filter(d -> Files.isDirectory(d.resolve("captured/snapshot-before")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            assertThat(runs).as("the committed kernel runs").hasSizeGreaterThan(25)
                    .contains("port-mapping", "icc-false", "hairpin", "fragments", "reject", "localhost",
                            "docker-host");
            return runs;
        }
    }

    /** How long after the edges' last frame the kernel's captures went on (plus a millisecond for timer jitter). */
    private static long untilCapturesEnded(Path run, World world) throws IOException {
        long lastSent = Long.MIN_VALUE;
        for (EdgeReplay.Edge e : edges(run, world)) {
            lastSent = Math.max(lastSent, CaptureFiles.lastTime(e.capture()));
        }
        for (LocalOutputReplay.Local l : locals(run, world)) {
            lastSent = Math.max(lastSent, CaptureFiles.lastTime(l.capture()));
        }
        long lastCaptured = Long.MIN_VALUE;
        try (var files = Files.walk(run.resolve("captures"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pcap")).toList()) {
                lastCaptured = Math.max(lastCaptured, CaptureFiles.lastTime(f));
            }
        }
        return Math.max(0, lastCaptured - lastSent) + 1_000_000;
    }
}
