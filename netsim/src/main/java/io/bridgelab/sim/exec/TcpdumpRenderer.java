package io.bridgelab.sim.exec;

import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.pcap.print.ServiceNames;
import io.bridgelab.pcap.print.TcpdumpPrinter;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * {@code tcpdump}: what tcpdump 4.99, started in the namespace before the simulated traffic and stopped after it,
 * would have printed (or written with {@code -w}), from the frames the simulation captured on that interface, both
 * directions, in order ({@link io.bridgelab.sim.engine.CaptureTaps}); lines as {@link TcpdumpPrinter} prints them.
 * Its stderr is tcpdump's: the "listening on" lines before the packets and the counts it prints when stopped.
 *
 * <p>Departures: time stamps are the simulated clock's (the trace starts at 00:00:00.000000); without {@code -n}
 * ports are named from this machine's /etc/services, but addresses stay numbers (the simulation asks no resolver);
 * "packets received by filter" is the number captured (the kernel's figure also counts what it queued after
 * {@code -c} was reached).
 */
final class TcpdumpRenderer {
    private static final String LINK = ", link-type EN10MB (Ethernet), snapshot length " + PcapWriter.DEFAULT_SNAP_LENGTH
            + " bytes\n";

    private TcpdumpRenderer() {
    }

    static ExecResult render(NodeState state, ShellCommand.Tcpdump c) {
        String iface = c.iface() != null ? c.iface() : defaultInterface(state);
        if (iface == null || state.node().iface(iface) == null) {
            String name = iface == null ? "any" : iface;
            return ExecResult.error("tcpdump: " + name + ": No such device exists\n(No such device exists)\n");
        }
        List<CapturedFrame> frames = c.promiscuous() ? state.captures().onPromiscuous(state.node().name(), iface)
                : state.captures().on(state.node().name(), iface);
        ServiceNames names = c.numeric() ? ServiceNames.NUMERIC : servicesOfThisMachine();
        TcpdumpPrinter printer = new TcpdumpPrinter(new TcpdumpPrinter.Options(c.linkHeader(), c.timestamps()), names);
        StringBuilder out = new StringBuilder();
        int captured = 0;
        PcapWriter writer = null;
        try {
            if (c.writeFile() != null) {
                writer = open(Path.of(c.writeFile()));
            }
            for (CapturedFrame f : frames) {
                if (c.count() >= 0 && captured == c.count()) {
                    break;
                }
                byte[] bytes = FrameEncoder.encode(f.frame());
                if (!c.filter().matches(bytes, bytes.length)) {
                    continue;
                }
                captured++;
                if (writer != null) {
                    writer.write(f.timeNanos(), 0, bytes.length, bytes, 0, bytes.length);
                } else {
                    out.append(printer.line(f.timeNanos(), bytes, bytes.length)).append('\n');
                }
            }
            if (writer != null) {
                writer.close();
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return ExecResult.error("tcpdump: " + c.writeFile() + ": No such file or directory\n");
        } catch (java.nio.file.AccessDeniedException e) {
            return ExecResult.error("tcpdump: " + c.writeFile() + ": Permission denied\n");
        } catch (IOException | UncheckedIOException e) {
            return ExecResult.error("tcpdump: " + c.writeFile() + ": " + e.getMessage() + "\n");
        }
        if (c.count() < 0 || captured < c.count()) {
            // Stopped by Ctrl-C (SIGINT), not by -c: tcpdump's cleanup ends stdout with a line break of its own (in
            // most of the runs measured here; an interrupt at another moment leaves it out).
            out.append('\n');
        }
        String listening = writer != null ? "tcpdump: listening on " + iface + LINK
                : "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on " + iface
                        + LINK;
        String counts = captured + " packet" + (captured == 1 ? "" : "s") + " captured\n" + captured + " packet"
                + (captured == 1 ? "" : "s") + " received by filter\n0 packets dropped by kernel\n";
        return new ExecResult(listening, out.toString(), counts, 0);
    }

    /** tcpdump without -i: the first interface that is no loopback (in ifindex order); null when there is none. */
    private static String defaultInterface(NodeState state) {
        return state.node().interfaces().stream().filter(i -> !(i instanceof Loopback))
                .min(Comparator.comparingInt(NetInterface::ifindex)).map(NetInterface::name).orElse(null);
    }

    private static ServiceNames servicesOfThisMachine() {
        try {
            return ServiceNames.from(Path.of("/etc/services"));
        } catch (IOException e) {
            return ServiceNames.NUMERIC;
        }
    }

    private static PcapWriter open(Path file) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        try {
            // tcpdump -w writes classic pcap with microsecond time stamps.
            return new PcapWriter(out, LinkType.ETHERNET, false, PcapWriter.DEFAULT_SNAP_LENGTH);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
