package io.bridgelab.sim.kernel;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.pcap.diff.CaptureComparison;
import io.bridgelab.pcap.diff.DiffField;
import io.bridgelab.pcap.diff.DiffOptions;
import io.bridgelab.pcap.diff.DiffReport;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.LocalOutputReplay;
import io.bridgelab.sim.engine.PcapExport;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays one kernel run of a fixtures scenario and compares it with the kernel. The world comes from the
 * run's {@code snapshot-before}; every namespace but {@code host} is an edge: what it sent (from its own
 * captures) leaves it at the kernel's times, and the simulated host reacts. Then every capture of every
 * interface of every namespace is compared with the kernel's, and the host's counters with the run's
 * {@code snapshot/host/iptables-save-c.txt}.
 */
final class ScenarioReplay {
    /** The namespace the simulator plays; all others are edges replayed from their captures. */
    static final String SIMULATED = "host";

    private final Path run;
    private final Engine engine;
    private final EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);

    private ScenarioReplay(Path run, World world) {
        this.run = run;
        // -Dnetsim.kernel.trace=true keeps every packet's trace steps (for debugging a difference).
        this.engine = new Engine(world, netfilter, Integer.MAX_VALUE, Boolean.getBoolean("netsim.kernel.trace"));
    }

    /** Loads the run's snapshot-before, replays its edges and runs the simulation. */
    static ScenarioReplay of(Path run) throws IOException {
        World world = SnapshotLoader.load(run.resolve("snapshot-before"));
        ScenarioReplay r = new ScenarioReplay(run, world);
        List<EdgeReplay.Edge> edges = new ArrayList<>();
        for (Node n : world.nodes()) {
            if (n.name().equals(SIMULATED)) {
                continue;
            }
            for (NetInterface i : n.interfaces()) {
                if (!(i instanceof Loopback)) {
                    // IF.sent.pcap (tcpdump -Q out) holds only what the edge sent: with hairpin mode an edge also
                    // receives frames with its own source MAC, so IF.pcap cannot tell them apart.
                    Path sent = r.run.resolve("captures").resolve(n.name()).resolve(i.name() + ".sent.pcap");
                    edges.add(new EdgeReplay.Edge(n.name(), i.name(), Files.exists(sent) ? sent
                            : r.kernelCapture(n.name(), i.name())));
                }
            }
        }
        Path local = r.run.resolve("captures").resolve(SIMULATED).resolve("local-output.pcap");
        long start = EdgeReplay.firstTime(edges);
        if (Files.exists(local)) {
            List<Path> sent = new ArrayList<>();
            for (NetInterface i : world.node(SIMULATED).interfaces()) {
                Path dir = r.run.resolve("captures").resolve(SIMULATED);
                sent.add(i instanceof Loopback ? dir.resolve(i.name() + ".pcap") : dir.resolve(i.name() + ".sent.pcap"));
            }
            LocalOutputReplay.Plan plan = LocalOutputReplay.plan(r.engine, SIMULATED, local, sent);
            start = Math.min(start, plan.firstTime());
            plan.schedule(start);
        }
        EdgeReplay.schedule(r.engine, edges, start);
        r.engine.run();
        return r;
    }

    Engine engine() {
        return engine;
    }

    Path kernelCapture(String node, String iface) {
        return run.resolve("captures").resolve(node).resolve(iface + ".pcap");
    }

    /** One interface's comparison: the pcap-tools report and whether the frame order is the kernel's too. */
    record InterfaceResult(String node, String iface, DiffReport report, boolean sameOrder, List<String> kernel,
                           List<String> simulated) {
        boolean matches() {
            return report.same() && sameOrder;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(node + ":" + iface + ": ");
            if (!report.same()) {
                sb.append(report);
            } else {
                sb.append("same frames, different order\n");
            }
            if (!sameOrder || !report.same()) {
                sb.append("  kernel:\n");
                kernel.forEach(f -> sb.append("    ").append(f).append('\n'));
                sb.append("  simulated:\n");
                simulated.forEach(f -> sb.append("    ").append(f).append('\n'));
            }
            return sb.toString();
        }
    }

    /** Every interface of every namespace, kernel capture against simulated capture (timestamps aside). */
    List<InterfaceResult> compareCaptures(Path exported) throws IOException {
        PcapExport.write(engine.captures(), exported, 0);
        List<InterfaceResult> out = new ArrayList<>();
        for (Node n : engine.world().nodes()) {
            for (NetInterface i : n.interfaces()) {
                Path kernel = kernelCapture(n.name(), i.name());
                if (!Files.exists(kernel)) {
                    throw new IOException("the run has no capture " + kernel + " (every interface is captured)");
                }
                Path simulated = exported.resolve(n.name()).resolve(i.name() + ".pcap");
                if (!Files.exists(simulated)) {
                    Files.createDirectories(simulated.getParent());
                    try (var o = Files.newOutputStream(simulated);
                         var w = new io.bridgelab.pcap.io.PcapWriter(o, io.bridgelab.pcap.io.LinkType.ETHERNET, true,
                                 io.bridgelab.pcap.io.PcapWriter.DEFAULT_SNAP_LENGTH)) {
                        // an empty capture: nothing passed here
                    }
                }
                kernel = Exceptions.normalised(kernel, engine.world().node(SIMULATED), exported.resolve("kernel"));
                simulated = Exceptions.normalised(simulated, engine.world().node(SIMULATED),
                        exported.resolve("simulated"));
                DiffReport report = CaptureComparison.compare(kernel, simulated,
                        DiffOptions.DEFAULT.ignoring(DiffField.TS));
                List<String> k = frames(kernel);
                List<String> s = frames(simulated);
                out.add(new InterfaceResult(n.name(), i.name(), report, k.equals(s), described(kernel, k, s),
                        described(simulated, s, k)));
            }
        }
        return out;
    }

    /** Each frame's bytes in hex, in capture order. */
    static List<String> frames(Path pcap) throws IOException {
        List<String> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                out.add(HexFormat.of().formatHex(r.buffer(), r.dataOffset(), r.dataOffset() + r.capturedLength()));
            }
        }
        return out;
    }

    /** Each frame as a one-line summary; frames the other side lacks also with their bytes, marked '!'. */
    private static List<String> described(Path pcap, List<String> own, List<String> other) throws IOException {
        List<String> out = new ArrayList<>();
        java.util.Set<String> others = new java.util.HashSet<>(other);
        int i = 0;
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                String summary = io.bridgelab.sim.trace.PacketSummary.frame(io.bridgelab.pcap.codec.FrameDecoder
                        .decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength()));
                String hex = own.get(i++);
                out.add(others.contains(hex) ? "  " + summary : "! " + summary + "\n        " + hex);
            }
        }
        return out;
    }

    /** The simulated host's counters as {@code table chain N} -> counters (N = policy for a policy). */
    Map<String, Counters> simulatedCounters() throws IOException {
        Netfilter nf = netfilter.of(SIMULATED);
        Ruleset rules = nf != null ? nf.countedRuleset() : engine.world().node(SIMULATED).ruleset();
        return counters(rules);
    }

    /** The kernel's counters after the traffic, from the run's snapshot. */
    Map<String, Counters> kernelCounters() throws IOException {
        try {
            return counters(IptablesSaveParser.parse(Files.readString(
                    run.resolve("snapshot").resolve(SIMULATED).resolve("iptables-save-c.txt"))));
        } catch (io.bridgelab.netfilter.text.ParseException e) {
            throw new IOException(e);
        }
    }

    static Map<String, Counters> counters(Ruleset rules) {
        Map<String, Counters> out = new TreeMap<>();
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
}
