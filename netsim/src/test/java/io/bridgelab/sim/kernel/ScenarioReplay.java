package io.bridgelab.sim.kernel;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.diff.CaptureComparison;
import io.bridgelab.pcap.diff.DiffField;
import io.bridgelab.pcap.diff.DiffOptions;
import io.bridgelab.pcap.diff.DiffReport;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.Direction;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.LocalOutputReplay;
import io.bridgelab.sim.load.snapshot.SnapshotException;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.trace.PacketSummary;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays one kernel run of a fixtures scenario and compares it with the kernel. The world comes from the
 * run's {@code snapshot-before}; every namespace but {@code host} is an edge: what it sent (its IF.sent.pcap)
 * leaves it at the kernel's times, the host's own programs (captures/host/local-output.nflog, when the
 * scenario has one) send from inside the host's stack, and the simulated host reacts. Then every capture of
 * every interface of every namespace is compared with the kernel's, and the host's counters and conntrack
 * table with the run's {@code snapshot/host}.
 */
final class ScenarioReplay {
    /** The namespace the simulator plays; all others are edges replayed from their captures. */
    static final String SIMULATED = "host";

    private final Path run;
    private final Engine engine;
    private final EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);

    /** Exception 3 of {@link Exceptions}: set by the test for a stretched fresh run of a short scenario. */
    private boolean withoutProbes;

    /** Leaves the host's unicast ARP probes out of the comparison (see {@link Exceptions}, exception 3). */
    ScenarioReplay withoutHostProbes() {
        this.withoutProbes = true;
        return this;
    }

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
                if (!(i instanceof Loopback) && !n.isDown(i.name())) {
                    // IF.sent.pcap (tcpdump -Q out) holds only what the edge sent: with hairpin mode an edge also
                    // receives frames with its own source MAC, so IF.pcap cannot tell them apart.
                    Path sent = r.run.resolve("captures").resolve(n.name()).resolve(i.name() + ".sent.pcap");
                    edges.add(new EdgeReplay.Edge(n.name(), i.name(), Files.exists(sent) ? sent
                            : r.kernelCapture(n.name(), i.name())));
                }
            }
        }
        Path local = r.run.resolve("captures").resolve(SIMULATED).resolve("local-output.nflog");
        List<LocalOutputReplay.Local> locals = new ArrayList<>();
        if (Files.exists(local)) {
            List<Path> sent = new ArrayList<>();
            for (NetInterface i : world.node(SIMULATED).interfaces()) {
                if (world.node(SIMULATED).isDown(i.name())) {
                    continue; // tcpdump cannot capture on a device that is down, and nothing leaves by it
                }
                Path dir = r.run.resolve("captures").resolve(SIMULATED);
                sent.add(i instanceof Loopback ? dir.resolve(i.name() + ".pcap") : dir.resolve(i.name() + ".sent.pcap"));
            }
            locals.add(new LocalOutputReplay.Local(SIMULATED, local, sent));
        }
        long start = EdgeReplay.schedule(r.engine, edges, locals).startNanos();
        // The kernel's captures end where tcpdump stopped; the simulation's kernel timers (neighbour probes)
        // would go on. Run up to the last frame any kernel capture holds, plus 1 ms for timer jitter.
        r.engine.runUntil(r.lastCapturedFrame() - start + CAPTURE_END_MARGIN_NANOS);
        return r;
    }

    /** What the simulation may run past the kernel's last captured frame: the kernel's timers fire late by jiffies. */
    static final long CAPTURE_END_MARGIN_NANOS = 1_000_000;

    /** The time of the last frame in any Ethernet capture of the run. */
    private long lastCapturedFrame() throws IOException {
        long last = Long.MIN_VALUE;
        try (var dirs = Files.list(run.resolve("captures"))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".pcap")).toList()) {
                        for (long t : timestamps(f)) {
                            last = Math.max(last, t);
                        }
                    }
                }
            }
        }
        return last;
    }

    Engine engine() {
        return engine;
    }

    Path kernelCapture(String node, String iface) {
        return run.resolve("captures").resolve(node).resolve(iface + ".pcap");
    }

    /** One interface's comparison: the pcap-tools report and whether the frame order is the kernel's too. */
    record InterfaceResult(String node, String iface, DiffReport report, Exceptions.Order order, List<String> kernel,
                           List<String> simulated) {
        boolean matches() {
            return report.same() && order == Exceptions.Order.KERNELS;
        }

        /**
         * Same frames, and the order differs only in ways a loaded machine's kernel timing explains: late
         * delivery or concurrent edge frames (see {@link Exceptions.Order}); such a fresh run is redone.
         */
        boolean kernelTimingOnly() {
            return report.same()
                    && (order == Exceptions.Order.LATE_DELIVERY || order == Exceptions.Order.CONCURRENT_EDGE_FRAMES);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(node + ":" + iface + ": ");
            if (!report.same()) {
                sb.append(report);
            } else {
                sb.append(switch (order) {
                    case LATE_DELIVERY -> "same frames, different order (only received frames the kernel delivered later)\n";
                    case CONCURRENT_EDGE_FRAMES -> "same frames, different order (only frames the simulation saw less"
                            + " than 1 ms apart: edge frames the kernel handled on two CPUs at once)\n";
                    default -> "same frames, different order\n";
                });
            }
            if (!matches()) {
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
        Path all = exported.resolve("all");
        Path sentOnly = exported.resolve("sent");
        for (Node n : engine.world().nodes()) {
            for (NetInterface i : n.interfaces()) {
                List<CapturedFrame> frames = engine.captures().on(n.name(), i.name());
                int linkType = i instanceof OtherLink o && !o.linkLayer() ? LinkType.RAW : LinkType.ETHERNET;
                write(all.resolve(n.name()).resolve(i.name() + ".pcap"), linkType, frames);
                write(sentOnly.resolve(n.name()).resolve(i.name() + ".pcap"), linkType,
                        frames.stream().filter(f -> f.direction() == Direction.OUT).toList());
            }
        }
        List<InterfaceResult> out = new ArrayList<>();
        for (Node n : engine.world().nodes()) {
            for (NetInterface i : n.interfaces()) {
                if (n.isDown(i.name())) {
                    // tcpdump cannot capture there (That device is not up): the kernel sent and took in nothing.
                    if (!engine.captures().on(n.name(), i.name()).isEmpty()) {
                        throw new IllegalStateException(n.name() + ":" + i.name() + " is down, yet the simulation"
                                + " passed frames through it: " + engine.captures().on(n.name(), i.name()));
                    }
                    continue;
                }
                Path kernel = kernelCapture(n.name(), i.name());
                if (!Files.exists(kernel)) {
                    throw new IOException("the run has no capture " + kernel + " (every interface is captured)");
                }
                // What the namespace itself sent out of the interface (tcpdump -Q out): the direction is right too.
                Path kernelSent = kernel.resolveSibling(i.name() + ".sent.pcap");
                boolean hasSent = !(i instanceof Loopback) && Files.exists(kernelSent);
                out.add(compare(n.name(), i.name(), kernel, all.resolve(n.name()).resolve(i.name() + ".pcap"),
                        exported.resolve("normalised-all"), hasSent ? kernelSent : null));
                if (hasSent) {
                    out.add(compare(n.name(), i.name() + " (sent)", kernelSent,
                            sentOnly.resolve(n.name()).resolve(i.name() + ".pcap"), exported.resolve("normalised-sent"),
                            null));
                }
            }
        }
        return out;
    }

    /**
     * @param kernelSent the kernel's sent-only capture of the same interface, which tells sent from received
     *                   frames for {@link Exceptions#order}; null: every frame counts as sent
     */
    private InterfaceResult compare(String node, String label, Path kernel, Path simulated, Path normalised,
                                    Path kernelSent) throws IOException {
        Node host = engine.world().node(SIMULATED);
        kernel = Exceptions.normalised(kernel, host, normalised.resolve("kernel"), withoutProbes);
        simulated = Exceptions.normalised(simulated, host, normalised.resolve("simulated"), withoutProbes);
        DiffReport report = CaptureComparison.compare(kernel, simulated, DiffOptions.DEFAULT.ignoring(DiffField.TS));
        List<String> k = frames(kernel);
        List<String> s = frames(simulated);
        // Without a sent-only capture to tell directions apart (lo, and the sent-only comparison itself), every frame
        // counts as sent: no crossing nor late delivery excuses an order, only concurrent edge frames have a redo.
        Exceptions.Order order = k.equals(s) ? Exceptions.Order.KERNELS
                : !report.same() ? Exceptions.Order.OTHER
                : Exceptions.order(k, timestamps(kernel), s, timestamps(simulated),
                        new HashSet<>(kernelSent == null ? k : frames(kernelSent)));
        return new InterfaceResult(node, label, report, order, described(kernel, k, s), described(simulated, s, k));
    }

    /** The simulated frames as a pcap file (nanosecond timestamps from the simulated clock; empty: nothing passed). */
    private static void write(Path file, int linkType, List<CapturedFrame> frames) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream o = Files.newOutputStream(file);
             PcapWriter w = new PcapWriter(o, linkType, true, PcapWriter.DEFAULT_SNAP_LENGTH)) {
            for (CapturedFrame f : frames) {
                byte[] bytes = FrameEncoder.encode(f.frame().withMetadata(Metadata.NONE));
                w.write(f.timeNanos(), 0, bytes.length, bytes, 0, bytes.length);
            }
        }
    }

    /** Each frame's capture time, in capture order. */
    static List<Long> timestamps(Path pcap) throws IOException {
        List<Long> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                out.add(r.timestampNanos());
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
        Set<String> others = new HashSet<>(other);
        int i = 0;
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                String summary = PacketSummary.frame(FrameDecoder.decode(r.linkType(), r.buffer(), r.dataOffset(),
                        r.capturedLength()).packet());
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

    /**
     * The kernel's counters after the traffic, from the run's snapshot: of the ruleset the loader simulates, as it reads
     * the snapshot before the traffic (iptables-save-c.txt, or the legacy tables when those are what filters:
     * legacy-backend).
     */
    Map<String, Counters> kernelCounters() throws IOException {
        try {
            return counters(SnapshotLoader.load(run.resolve("snapshot")).node(SIMULATED).ruleset());
        } catch (SnapshotException e) {
            throw new IOException(e);
        }
    }

    /**
     * The simulated host's conntrack table at the end, as {@code conntrack -L} lines without the timeout
     * column (the kernel's snapshot is taken a moment after the traffic, so its timeouts are lower), sorted.
     */
    List<String> simulatedConntrack() {
        Netfilter nf = netfilter.of(SIMULATED);
        if (nf == null) {
            return List.of();
        }
        long now = engine.now() / 1_000_000;
        return withoutTimeouts(ConntrackListing.render(
                nf.conntrack().connections(now), now).lines().toList());
    }

    /**
     * The kernel's conntrack table after the traffic (snapshot/host/conntrack.txt), less the entries it
     * already had before (the bridge's own IGMP report, see fixtures/scenarios/README.md), same form.
     */
    List<String> kernelConntrack() throws IOException {
        List<String> before = withoutTimeouts(Files.readAllLines(
                run.resolve("snapshot-before").resolve(SIMULATED).resolve("conntrack.txt")));
        List<String> after = new ArrayList<>(withoutTimeouts(Files.readAllLines(
                run.resolve("snapshot").resolve(SIMULATED).resolve("conntrack.txt"))));
        for (String b : before) {
            after.remove(b);
        }
        return after;
    }

    private static List<String> withoutTimeouts(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            out.add(f[0] + " " + f[1] + " " + String.join(" ", Arrays.copyOfRange(f, 3, f.length)));
        }
        Collections.sort(out);
        return out;
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
