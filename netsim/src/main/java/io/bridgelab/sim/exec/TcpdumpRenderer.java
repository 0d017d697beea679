package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.DecodedFrame;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.codec.LinuxCookedHeader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.pcap.print.ServiceNames;
import io.bridgelab.pcap.print.TcpdumpPrinter;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.Direction;
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
 * Like tcpdump, it puts the interface in promiscuous mode unless given {@code -p}: on a bridge it then also sees
 * the frames the bridge forwards between its ports (a container's traffic to another), which {@code -p} shows only
 * when they are for the bridge's own stack. On {@code -i any} it shows every interface's frames in the order they
 * were seen, each with its interface and direction as Linux's cooked capture gives them (promiscuous on none).
 *
 * <p>Departures: time stamps are the simulated clock's (the trace starts at 00:00:00.000000); without {@code -n}
 * ports are named from this machine's /etc/services, but addresses stay numbers (the simulation asks no resolver);
 * "packets received by filter" is the number captured, each one on lo counted twice (the kernel's filter passes
 * its outgoing copy too, which libpcap then drops: measured with docker-proxy's datagrams on lo); the kernel's
 * figure also counts what it queued after {@code -c} was reached.
 */
final class TcpdumpRenderer {
    private static final String SNAP = ", snapshot length " + PcapWriter.DEFAULT_SNAP_LENGTH + " bytes\n";

    private static final int ARPHRD_ETHER = 1;
    private static final int ARPHRD_LOOPBACK = 772;

    private TcpdumpRenderer() {
    }

    static ExecResult render(NodeState state, ShellCommand.Tcpdump c) {
        String iface = c.iface() != null ? c.iface() : defaultInterface(state);
        boolean any = "any".equals(iface);
        if (iface == null || !any && state.node().iface(iface) == null) {
            String name = iface == null ? "any" : iface;
            return ExecResult.error("tcpdump: " + name + ": No such device exists\n(No such device exists)\n");
        }
        String node = state.node().name();
        List<CapturedFrame> frames = any ? state.captures().onNode(node)
                : c.promiscuous() ? state.captures().onPromiscuous(node, iface) : state.captures().on(node, iface);
        ServiceNames names = c.numeric() ? ServiceNames.NUMERIC : servicesOfThisMachine();
        TcpdumpPrinter printer = new TcpdumpPrinter(
                new TcpdumpPrinter.Options(c.linkHeader(), c.timestamps(), c.verbose(), c.dump(), c.quick()), names);
        StringBuilder out = new StringBuilder();
        int captured = 0;
        // What the kernel's filter passed: those captured, and for each one on lo its outgoing copy, which libpcap
        // drops after the kernel counted it (the simulation records a looped packet once, arriving).
        int received = 0;
        PcapWriter writer = null;
        try {
            if (c.writeFile() != null) {
                writer = open(Path.of(c.writeFile()), any ? LinkType.LINUX_SLL2 : LinkType.ETHERNET);
            }
            for (CapturedFrame f : frames) {
                if (c.count() >= 0 && captured == c.count()) {
                    break;
                }
                NetInterface seenOn = state.node().iface(f.iface());
                byte[] bytes = FrameEncoder.encode(f.frame());
                if (!c.filter().matches(bytes, bytes.length)) {
                    continue;
                }
                received += seenOn instanceof Loopback ? 2 : 1;
                captured++;
                if (writer != null) {
                    byte[] record = any ? cooked(seenOn, f.direction(), f.frame()) : bytes;
                    writer.write(f.timeNanos(), 0, record.length, record, 0, record.length);
                } else if (any) {
                    out.append(printer.anyLine(f.timeNanos(), f.iface(), seenOn.ifindex(),
                            packetType(seenOn, f.direction(), f.frame()).shown, bytes, bytes.length)).append('\n');
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
        String link = (any ? ", link-type LINUX_SLL2 (Linux cooked v2)" : ", link-type EN10MB (Ethernet)") + SNAP;
        String listening = (any ? "tcpdump: data link type LINUX_SLL2\n" : "")
                + (writer != null || c.verbose() ? "tcpdump: listening on " + iface + link
                : "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on " + iface
                        + link);
        String counts = captured + " packet" + (captured == 1 ? "" : "s") + " captured\n" + received + " packet"
                + (received == 1 ? "" : "s") + " received by filter\n0 packets dropped by kernel\n";
        return new ExecResult(listening, out.toString(), counts, 0);
    }

    /** The kernel's packet type of a frame on an interface, as the cooked header holds it and tcpdump shows it. */
    private enum PacketType {
        HOST(0, "In"), BROADCAST(1, "B"), MULTICAST(2, "M"), OTHERHOST(3, "P"), OUTGOING(4, "Out");

        final int code;
        final String shown;

        PacketType(int code, String shown) {
            this.code = code;
            this.shown = shown;
        }
    }

    /**
     * eth_type_trans's classification of an arriving frame: broadcast, multicast, for this interface's address
     * (or any frame on lo), or for another host (a bridge port's frames for the bridge or another port).
     */
    private static PacketType packetType(NetInterface seenOn, Direction direction, Packet frame) {
        if (direction == Direction.OUT) {
            return PacketType.OUTGOING;
        }
        MacAddress destination = frame.ethernet() == null ? null : frame.ethernet().destination();
        if (seenOn instanceof Loopback || destination == null) {
            return PacketType.HOST;
        }
        if (destination.isBroadcast()) {
            return PacketType.BROADCAST;
        }
        if (destination.isMulticast()) {
            return PacketType.MULTICAST;
        }
        return destination.equals(seenOn.mac()) ? PacketType.HOST : PacketType.OTHERHOST;
    }

    /**
     * The LINUX_SLL2 record of a frame: the cooked header (the frame's protocol, the interface's index and
     * hardware type, the packet type, the source address) in place of its Ethernet header.
     */
    private static byte[] cooked(NetInterface seenOn, Direction direction, Packet frame) {
        byte[] address = new byte[8];
        frame.ethernet().source().write(address, 0);
        LinuxCookedHeader header = new LinuxCookedHeader(2, packetType(seenOn, direction, frame).code,
                seenOn instanceof Loopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER, 6, Bytes.copyOf(address),
                frame.ethernet().etherType(), 0, seenOn.ifindex());
        return FrameEncoder.encode(new DecodedFrame(LinkType.LINUX_SLL2, header, frame.withEthernet(null)));
    }

    /** tcpdump without -i: the first interface that is no loopback (in ifindex order); null when there is none. */
    private static String defaultInterface(NodeState state) {
        return state.node().interfaces().stream().filter(i -> !(i instanceof Loopback))
                .min(Comparator.comparingInt(NetInterface::ifindex)).map(NetInterface::name).orElse(null);
    }

    static ServiceNames servicesOfThisMachine() {
        try {
            return ServiceNames.from(Path.of("/etc/services"));
        } catch (IOException e) {
            return ServiceNames.NUMERIC;
        }
    }

    private static PcapWriter open(Path file, int linkType) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        try {
            // tcpdump -w writes classic pcap with microsecond time stamps.
            return new PcapWriter(out, linkType, false, PcapWriter.DEFAULT_SNAP_LENGTH);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
