package io.bridgelab.sim.cli;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.engine.CaptureTrace;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.LocalOutputReplay;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.trace.HtmlTraceWriter;
import io.bridgelab.sim.trace.JsonTraceWriter;
import io.bridgelab.sim.trace.TextTraceWriter;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.World;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.bridgelab.sim.engine.EvaluatedNetfilter;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code netsim trace}: follows one exchange through a world and explains every step. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Follows an exchange packet by packet: where each one is, every rule, rewrite, route, ARP"
                + " and bridge decision, and where it ends. Without options: the seed article's example, an outside"
                + " client opening http://192.168.1.10:8088/ published by a container. With --emit, --inject or"
                + " --local: the frames of real captures, replayed, each one's way explained.")
public final class TraceCommand implements Runnable, CommandLine.IExitCodeGenerator {
    /** Output formats. */
    enum Format { text, json, html }

    /** When to colour text. */
    enum Colour { auto, always, never }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "port-mapping",
            description = "built-in scenario (see 'netsim scenarios'; default: ${DEFAULT-VALUE})")
    String scenario;

    @CommandLine.Mixin
    WorldOptions world;

    @Option(names = "--from", paramLabel = "NS[:IP]", description = "the namespace the exchange starts in, "
            + "optionally the source address to bind")
    String from;

    @Option(names = "--to", paramLabel = "IP[:PORT]", description = "destination address and port")
    String to;

    @Option(names = "--proto", paramLabel = "tcp|udp|icmp", description = "protocol (default: the scenario's)")
    String proto;

    @Option(names = "--size", paramLabel = "BYTES", description = "for udp and icmp: the first datagram's IP length"
            + " (28-65535, as ping -s BYTES-28 sends), to see MTUs at work: DF set when it fits the sender's way out,"
            + " else the sender fragments it; for tcp: curl POSTs a body of BYTES (1-65535), which its kernel cuts into"
            + " segments of the MSS the server announced (after any TCPMSS on the way) and of its own way out's MTU"
            + " (default: a small datagram, a GET)")
    Integer size;

    @Option(names = "--packets", paramLabel = "N", description = "how many packets of the exchange to follow "
            + "(default: the scenario's; for HTTP 5 = handshake, request, response, and 7 more for each connection"
            + " a proxy such as docker-proxy relays: its own handshake, its ACKs and its copies of both); with"
            + " captures (--emit, --inject, --local), how many packets to trace, replayed frames and the world's answers alike (default "
            + CAPTURE_PACKETS + "; the rest of the captures still runs, untraced)")
    Integer packets;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json|html",
            description = "output format; html: one self-contained page with the topology and the path drawn"
                    + " over it (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--color", defaultValue = "auto", paramLabel = "auto|always|never",
            description = "colour the text (auto: only on a terminal and without NO_COLOR)")
    Colour colour;

    @Option(names = "--then", arity = "1..*", paramLabel = "exec NODE -- COMMAND",
            parameterConsumer = ThenExec.RestOfLine.class, description = "after the trace, run a command on the state"
            + " the traffic left (iptables counters, FDB, ARP, conntrack); takes the rest of the line, repeat"
            + " '--then exec ...' for more (see 'netsim exec --help')")
    List<String> then = new ArrayList<>();

    @Option(names = "--width", paramLabel = "COLUMNS", description = "wrap text at this width (default: the"
            + " terminal's width or $COLUMNS on a terminal, no wrapping when piped; 0 = never wrap)")
    Integer width;

    @Option(names = "--emit", paramLabel = "NS:IFACE=FILE", description = "explain a real capture instead of an"
            + " exchange: the frames NS sent out of IFACE in this capture (tcpdump -i IFACE, both directions, or"
            + " -Q out) are replayed into its link at their times, and NS only listens, as 'netsim replay --emit'"
            + " does; repeat for each edge (a client's and a container's captures together replay their whole"
            + " exchange)")
    List<String> emit = new ArrayList<>();

    @Option(names = "--inject", paramLabel = "NS:IFACE=FILE", description = "explain a real capture: the frames"
            + " that arrived on IFACE from its link are replayed into it, as 'netsim replay --inject' does")
    List<String> inject = new ArrayList<>();

    @Option(names = "--local", paramLabel = "NS=NFLOG[,SENT...]", description = "explain a real capture: "
            + ReplayCommand.LOCAL_HELP)
    List<String> local = new ArrayList<>();

    @Option(names = "--first-packet", paramLabel = "K", description = "with captures: start tracing at"
            + " packet K (numbered as the replay makes them, as the trace numbers them), to explain a packet deep in"
            + " a long capture; the packets before it still run, untraced (default 1)")
    Integer firstPacket;

    @Option(names = "--linger", paramLabel = "SECONDS", description = "with captures: keep the simulated"
            + " clock running SECONDS past the last replayed frame, so that the kernels' timers due by then fire and"
            + " are traced (a reassembly queue expiring, a neighbour probe), as 'netsim replay --linger' does"
            + " (default 0)")
    Double linger;

    @Option(names = "--explain-drop", description = "in the closing summary of a dropped packet, also list the"
            + " ACCEPT rules it passed without a match (the rule or cause and a hint are always shown)")
    boolean explainDrop;

    private int exitCode;

    @Override
    public int getExitCode() {
        return exitCode;
    }

    /** Without --emit or --inject: how many packets of a replayed capture are traced, at most. */
    static final int CAPTURE_PACKETS = 100;

    @Override
    public void run() {
        Scenario s = world.scenario(spec, "--scenario", scenario);
        if (!emit.isEmpty() || !inject.isEmpty() || !local.isEmpty()) {
            runCaptures(s);
            return;
        }
        if (firstPacket != null || linger != null) {
            throw new UsageException((firstPacket != null ? "--first-packet" : "--linger") + " is for a replayed"
                    + " capture: give --emit, --inject or --local");
        }
        Flow flow = flow(s.flow());
        int n = packets != null ? packets : s.packets();
        if (n < 1) {
            throw new UsageException("--packets must be at least 1: " + n);
        }
        checkOutputOptions();
        World world = s.world();
        List<ThenExec.Invocation> execs = ThenExec.parse(then, world);
        EvaluatedNetfilter netfilter = Netfilters.forWorld();
        Simulation simulation = new Simulation(world, netfilter, flow, n);
        if (packets == null) {
            simulation.engine().widenForRelays();
        }
        Trace trace = simulation.run(s.name());
        print(trace, world);
        exitCode = ThenExec.run(execs, simulation.engine(), netfilter, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /**
     * --emit/--inject: the captures' frames replayed through the world with their paths traced, --packets of them
     * from --first-packet on (replayed frames and the world's own packets alike).
     */
    private void runCaptures(Scenario s) {
        for (String option : List.of("--from", "--to", "--proto", "--size")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageException(option + " makes an exchange up; with --emit, --inject or --local the"
                        + " captures are the traffic: give one or the other");
            }
        }
        int n = packets != null ? packets : CAPTURE_PACKETS;
        if (n < 1) {
            throw new UsageException("--packets must be at least 1: " + n);
        }
        int first = firstPacket != null ? firstPacket : 1;
        if (first < 1) {
            throw new UsageException("--first-packet must be at least 1: " + first);
        }
        long lingerNanos = ReplayCommand.lingerNanos(linger != null ? linger : 0);
        checkOutputOptions();
        List<EdgeReplay.Edge> edges = new ArrayList<>();
        for (String e : emit) {
            edges.add(ReplayCommand.edge(EdgeReplay.Kind.EMIT, e, "--emit"));
        }
        for (String e : inject) {
            edges.add(ReplayCommand.edge(EdgeReplay.Kind.INJECT, e, "--inject"));
        }
        List<LocalOutputReplay.Local> locals = local.stream().map(ReplayCommand::local).toList();
        World world = s.world();
        List<ThenExec.Invocation> execs = ThenExec.parse(then, world);
        EvaluatedNetfilter netfilter = Netfilters.forWorld();
        CaptureTrace replay = new CaptureTrace(world, netfilter, edges, locals, first, n, !execs.isEmpty());
        Trace trace;
        try {
            trace = replay.run(s.name(), lingerNanos);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
        print(trace, world);
        exitCode = ThenExec.run(execs, replay.engine(), netfilter, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    private void checkOutputOptions() {
        if (width != null && width < 0) {
            throw new UsageException("--width must be 0 (no wrapping) or positive: " + width);
        }
        if (!then.isEmpty() && format != Format.text) {
            throw new UsageException("--then prints the commands' own text: use it with --format text");
        }
    }

    private void print(Trace trace, World world) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case json -> JsonTraceWriter.write(trace);
            case html -> HtmlTraceWriter.write(trace, world);
            case text -> TextTraceWriter.write(trace, new TextTraceWriter.Options(useColour(),
                    width != null ? width : Terminal.width(), explainDrop));
        });
        out.flush();
    }

    private Flow flow(Flow base) {
        if (base == null) {
            // A snapshot (or a file without 'trace:') has no exchange of its own; HTTP to port 80 unless told.
            if (from == null || to == null) {
                throw new UsageException("this world has no default exchange: give --from NS and --to IP:PORT");
            }
            base = new Flow(from, null, Ipv4Address.ANY, 80, IpProtocol.TCP);
        }
        String node = base.from();
        Ipv4Address source = base.source();
        if (from != null) {
            int colon = from.indexOf(':');
            node = colon < 0 ? from : from.substring(0, colon);
            source = colon < 0 ? null : address(from.substring(colon + 1), "--from");
        }
        Ipv4Address dst = base.to();
        int port = base.port();
        if (to != null) {
            int colon = to.indexOf(':');
            if (colon != to.lastIndexOf(':')) {
                throw new UsageException("--to wants IPv4[:PORT], got '" + to + "' (IPv6 is not simulated)");
            }
            dst = address(colon < 0 ? to : to.substring(0, colon), "--to");
            if (colon >= 0) {
                port = port(to.substring(colon + 1));
            }
        }
        int protocol = base.protocol();
        if (proto != null) {
            protocol = switch (proto) {
                case "tcp" -> IpProtocol.TCP;
                case "udp" -> IpProtocol.UDP;
                case "icmp" -> IpProtocol.ICMP;
                default -> throw new UsageException("--proto must be tcp, udp or icmp: '" + proto + "'");
            };
        }
        if (size != null && protocol == IpProtocol.TCP && (size < 1 || size > 65535)) {
            throw new UsageException("--size must be 1..65535 for tcp (the POST's body): " + size);
        }
        if (size != null && protocol != IpProtocol.TCP && (size < Flow.MIN_SIZE || size > 65535)) {
            throw new UsageException("--size must be " + Flow.MIN_SIZE + "..65535 (IP and UDP or ICMP headers"
                    + " included): " + size);
        }
        // The file's own size goes with its own protocol only: --proto asks for another program's packet.
        int bytes = size != null ? size : proto == null ? base.size() : 0;
        return new Flow(node, source, dst, protocol == IpProtocol.ICMP ? 0 : port, protocol, bytes);
    }

    private static Ipv4Address address(String text, String option) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** The port of {@code --to IP:PORT}. */
    private static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException("--to: not a port: '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("--to: port out of 1..65535: " + port);
        }
        return port;
    }

    private boolean useColour() {
        return switch (colour) {
            case always -> true;
            case never -> false;
            case auto -> Terminal.colourByDefault(Terminal.isTerminal(), System.getenv("NO_COLOR"));
        };
    }
}
