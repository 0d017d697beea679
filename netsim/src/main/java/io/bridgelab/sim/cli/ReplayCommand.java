package io.bridgelab.sim.cli;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.LocalOutputReplay;
import io.bridgelab.sim.engine.NetfilterStateExport;
import io.bridgelab.sim.engine.PcapExport;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code netsim replay}: plays captured edge traffic through a world and writes what every interface saw. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Plays the frames of captures through a world in timestamp order and writes OUT/<ns>/<iface>.pcap"
                + " for every interface (what tcpdump -i IFACE would have captured; --capture chooses which), plus"
                + " each namespace's iptables-save -c and conntrack -L (empty files for a namespace without rules:"
                + " it has no tables and no conntrack).")
public final class ReplayCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "built-in scenario (the world)")
    String scenario;

    @CommandLine.Mixin
    WorldOptions world;

    @Option(names = "--emit", paramLabel = "NS:IFACE=FILE", description = "a capture on NS:IFACE; the frames NS sent"
            + " out of IFACE (source MAC = IFACE's) are replayed into its link, and NS only listens")
    List<String> emit = new ArrayList<>();

    @Option(names = "--inject", paramLabel = "NS:IFACE=FILE", description = "a capture on NS:IFACE; the frames that"
            + " arrived on IFACE from its link are replayed into it")
    List<String> inject = new ArrayList<>();

    @Option(names = "--local", paramLabel = "NS=NFLOG[,SENT...]", description = LOCAL_HELP)
    List<String> local = new ArrayList<>();

    /** --local's description, the same for trace. */
    static final String LOCAL_HELP = "what NS's own programs sent (a curl, docker-proxy), from a capture of its local"
            + " output before netfilter (tcpdump -i nflog:GROUP, fed by an nftables output chain at priority -500, as"
            + " fixtures/scenarios do): each packet enters NS's stack at its time, as if its program had just sent it,"
            + " and what comes back for its port is the program's; SENT, NS's own captures of what it sent"
            + " (IF.sent.pcap, lo.pcap), place each packet where NS sent it (NFLOG stamps a packet when it is read,"
            + " 0.1-1.5 ms late)";

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "new or empty output folder")
    Path out;

    @Option(names = "--capture", paramLabel = "NS:IFACE[,NS:IFACE...]|none", split = ",",
            description = "write the captures of only these interfaces (default: every interface that sees a"
                    + " frame); 'none' writes no capture, only the netfilter state")
    List<String> capture;

    @Option(names = "--linger", paramLabel = "SECONDS", description = "keep the simulated clock running SECONDS"
            + " (decimals allowed) past the last replayed frame, as a tcpdump left running would, so that the kernels'"
            + " timers due by then fire: reassembly queues expiring after ipfrag_time (with their ICMP \"fragment"
            + " reassembly time exceeded\"), neighbour entries' unicast probes. Default 0: the replay ends when the last"
            + " frame's consequences have run")
    double linger;

    /** The longest --linger taken: a day of simulated time is far past any kernel timer the simulation runs. */
    static final double MAX_LINGER_SECONDS = 86_400;

    @Override
    public void run() {
        Scenario s = world.scenario(spec, "--scenario", scenario);
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(s.world(), netfilter, Integer.MAX_VALUE, false);
        List<EdgeReplay.Edge> edges = new ArrayList<>();
        for (String e : emit) {
            edges.add(edge(EdgeReplay.Kind.EMIT, e, "--emit"));
        }
        for (String e : inject) {
            edges.add(edge(EdgeReplay.Kind.INJECT, e, "--inject"));
        }
        List<LocalOutputReplay.Local> locals = local.stream().map(ReplayCommand::local).toList();
        if (edges.isEmpty() && locals.isEmpty()) {
            throw new UsageException("nothing to replay: give --emit, --inject or --local");
        }
        long lingerNanos = lingerNanos(linger);
        if (capture != null) {
            engine.captures().only(captured(s.world(), capture));
        }
        try {
            createOutput(out);
            engine.captures().streamTo(out, 0);
            EdgeReplay.Scheduled scheduled = EdgeReplay.schedule(engine, edges, locals);
            engine.run();
            String lingered = "";
            if (linger > 0) {
                // run() stops when only timers are left; they run now up to the end the user asked for.
                engine.runUntil(scheduled.lastNanos() + lingerNanos);
                lingered = "; the clock ran " + java.math.BigDecimal.valueOf(linger).stripTrailingZeros().toPlainString()
                        + " s past the last frame";
            }
            int files = PcapExport.write(engine.captures(), out, 0);
            NetfilterStateExport.write(engine, netfilter, out);
            PrintWriter w = spec.commandLine().getOut();
            w.println("replayed " + scheduled.frames() + " frames through " + s.name() + lingered + "; wrote " + files
                    + (files == 1 ? " capture to " : " captures to ") + out);
            w.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    /** {@code --linger SECONDS} as nanoseconds, checked. */
    static long lingerNanos(double seconds) {
        if (!(seconds >= 0 && seconds <= MAX_LINGER_SECONDS)) {
            throw new UsageException("--linger: SECONDS is a number from 0 to " + (long) MAX_LINGER_SECONDS
                    + " (a day), got " + seconds);
        }
        return Math.round(seconds * 1e9);
    }

    /**
     * Makes the {@code --out} folder, which must be new or empty: the files of an earlier replay (other interfaces,
     * other namespaces' state) would otherwise stand beside the new ones as if this run had written them.
     */
    static void createOutput(Path out) throws java.io.IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a file, not a folder");
        }
        if (Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--out: " + out + " is not empty: a replay writes into a new"
                            + " or empty folder, so that every file in it is this run's (remove it or name another)");
                }
            }
        }
        Files.createDirectories(out);
    }

    /** The {@code --capture} list as {@code node:iface} keys, each checked against the world. */
    static Set<String> captured(World world, List<String> names) {
        if (names.contains("none")) {
            if (names.size() > 1) {
                throw new UsageException("--capture: 'none' cannot be given with interfaces, got "
                        + String.join(",", names));
            }
            return Set.of();
        }
        Set<String> known = new LinkedHashSet<>();
        for (Node n : world.nodes()) {
            for (NetInterface i : n.interfaces()) {
                known.add(n.name() + ":" + i.name());
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new UsageException("--capture: no interface '" + name + "' in this world (NS:IFACE,"
                        + " or none); it has " + String.join(", ", known));
            }
            keys.add(name);
        }
        return keys;
    }

    /** {@code NS:IFACE=FILE} of {@code option}, its file checked to be a readable file. */
    static EdgeReplay.Edge edge(EdgeReplay.Kind kind, String spec, String option) {
        int colon = spec.indexOf(':');
        int eq = spec.indexOf('=');
        if (colon < 1 || eq < colon + 2 || eq == spec.length() - 1) {
            throw new UsageException(option + " wants NS:IFACE=FILE.pcap, got '" + spec + "'");
        }
        Path file = captureFile(spec.substring(eq + 1), option);
        return new EdgeReplay.Edge(kind, spec.substring(0, colon), spec.substring(colon + 1, eq), file);
    }

    /**
     * {@code NS=NFLOG[,CAPTURE...]} of {@code --local}: NS's programs' packets from a local-output capture (tcpdump -i
     * nflog:GROUP), placed by NS's own captures of what it sent when given.
     */
    static LocalOutputReplay.Local local(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 1 || eq == spec.length() - 1) {
            throw new UsageException("--local wants NS=NFLOG.pcap[,SENT.pcap...], got '" + spec + "'");
        }
        String[] files = spec.substring(eq + 1).split(",", -1);
        List<Path> anchors = new ArrayList<>();
        for (int i = 1; i < files.length; i++) {
            anchors.add(captureFile(files[i], "--local"));
        }
        return new LocalOutputReplay.Local(spec.substring(0, eq), captureFile(files[0], "--local"), anchors);
    }

    /** A capture file an option names, checked to be a readable file. */
    private static Path captureFile(String name, String option) {
        if (name.isEmpty()) {
            throw new UsageException(option + ": an empty file name");
        }
        Path file = Path.of(name);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + ": " + file + " is a folder, not a capture file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + ": cannot read " + file
                    + (Files.exists(file) ? " (permission denied)" : " (no such file)"));
        }
        return file;
    }
}
