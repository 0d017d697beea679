package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.testing.Await;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.record.NamespaceRef;
import io.bridgelab.sim.record.SnapshotRecorder;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path MTU discovery against the kernel: a client c (MTU 1500) uploads to a server s (MTU 1500) through a router h
 * whose way to s has MTU 1400. The kernel's client, recorded with tcpdump, and the simulation's, on the world of a
 * snapshot of the same namespaces, must send the same data segments (flags, relative sequence range, length) and
 * receive the same ICMP errors, in the same order: 1460-byte segments dropped by h with "fragmentation needed", the
 * short last one through, then the lost bytes again in pieces of 1360, the last with PSH. The client runs without TCP
 * timestamps (net.ipv4.tcp_timestamps=0), which the simulated TCP does not send, so that both cut at the same MSS.
 */
class KernelPathMtuTest {
    @Test
    void anUploadTooBigForTheWayIsSentAgainInPiecesOfThePathMtuAsTheKernelSendsIt(@TempDir Path tmp) throws Exception {
        Kernel.require("ip", "tcpdump", "python3", "busybox", "sysctl", "ethtool", "iptables-save", "bash");
        String prefix = "pmtu" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        try (NetworkNamespace c = NetworkNamespace.create(prefix + "-c");
             NetworkNamespace h = NetworkNamespace.create(prefix + "-h");
             NetworkNamespace s = NetworkNamespace.create(prefix + "-s")) {
            build(c, h, s);
            Path snapshot = tmp.resolve("snapshot");
            SnapshotRecorder.record(List.of(NamespaceRef.parse("c=" + c.name()), NamespaceRef.parse("h=" + h.name()),
                    NamespaceRef.parse("s=" + s.name())), snapshot);
            String request = Simulation.httpPost(Ipv4Address.parse("10.62.0.2"), 80, 3000);

            List<String> simulated = simulated(SnapshotLoader.load(snapshot));
            List<String> kernel = kernel(c, s, request, tmp);
            assertThat(kernel).as("the kernel's client").contains("ICMP fragmentation needed, MTU 1400");
            assertThat(simulated).as("what the simulated client sent and got, as the kernel's").isEqualTo(kernel);
        }
    }

    /** c -- h (eth1 at MTU 1400) -- s, checksums complete (tx off), h forwarding, c without TCP timestamps. */
    private static void build(NetworkNamespace c, NetworkNamespace h, NetworkNamespace s) {
        Command.run("ip", "-n", c.name(), "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns",
                h.name()).orThrow();
        Command.run("ip", "-n", h.name(), "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns",
                s.name()).orThrow();
        c.exec("ip", "addr", "add", "10.61.0.2/24", "dev", "eth0").orThrow();
        h.exec("ip", "addr", "add", "10.61.0.1/24", "dev", "eth0").orThrow();
        h.exec("ip", "addr", "add", "10.62.0.1/24", "dev", "eth1").orThrow();
        s.exec("ip", "addr", "add", "10.62.0.2/24", "dev", "eth0").orThrow();
        h.exec("ip", "link", "set", "eth1", "mtu", "1400").orThrow();
        for (NetworkNamespace ns : List.of(c, h, s)) {
            ns.exec("ip", "link", "set", "lo", "up").orThrow();
            for (String dev : ns == h ? List.of("eth0", "eth1") : List.of("eth0")) {
                ns.exec("ip", "link", "set", dev, "up").orThrow();
                ns.exec("ethtool", "-K", dev, "tx", "off").orThrow();
            }
        }
        c.exec("ip", "route", "add", "default", "via", "10.61.0.1").orThrow();
        s.exec("ip", "route", "add", "default", "via", "10.62.0.1").orThrow();
        h.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        c.exec("sysctl", "-qw", "net.ipv4.tcp_timestamps=0").orThrow();
        for (NetworkNamespace ns : List.of(c, h, s)) {
            Await.until(() -> ns.exec("ip", "-o", "link").orThrow().stdout().lines()
                    .filter(l -> l.contains("eth")).noneMatch(l -> l.contains("NO-CARRIER")), "carrier in " + ns.name());
        }
    }

    /** The simulated client's POST of the same request to a server listening on s:80. */
    private static List<String> simulated(World world) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : world.nodes()) {
            if (n.name().equals("s")) {
                n = n.withSockets(List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "nc", null)));
            }
            nodes.add(n);
        }
        Simulation sim = new Simulation(new World(nodes), new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                new Flow("c", null, Ipv4Address.parse("10.62.0.2"), 80, IpProtocol.TCP, 3000), 100);
        sim.run("pmtu");
        List<Packet> frames = new ArrayList<>();
        for (CapturedFrame f : sim.engine().captures().on("c", "eth0")) {
            frames.add(f.frame());
        }
        return events(frames);
    }

    /**
     * The kernel's client: python3 sends the request in one write; tcpdump on c's eth0 records what passes until the
     * server has received it all.
     */
    private static List<String> kernel(NetworkNamespace c, NetworkNamespace s, String request, Path tmp)
            throws Exception {
        Path pcap = tmp.resolve("c.pcap");
        Path body = tmp.resolve("request");
        Path received = tmp.resolve("received");
        Path tcpdumpLog = tmp.resolve("tcpdump.log");
        Files.writeString(body, request);
        Process server = new ProcessBuilder("ip", "netns", "exec", s.name(), "busybox", "nc", "-l", "-p", "80")
                .redirectOutput(received.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", c.name(), "tcpdump", "-p", "-U",
                "--immediate-mode", "-n", "-i", "eth0", "-w", pcap.toString(), "tcp or icmp").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(tcpdumpLog.toFile()).start();
        Process client = null;
        try {
            Await.until(() -> text(tcpdumpLog).contains("listening on") && s.exec("ss", "-ltn").stdout()
                    .contains(":80 "), "tcpdump and the server to start");
            // The client keeps its connection open (recv until the server closes), so that what the kernel sends
            // again after the ICMP errors is sent; the server has it all once every byte arrived.
            client = new ProcessBuilder("ip", "netns", "exec", c.name(), "python3", "-c", "import socket\n"
                    + "s = socket.create_connection(('10.62.0.2', 80))\n"
                    + "s.sendall(open('" + body + "', 'rb').read())\n"
                    + "s.recv(1)\n").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Await.until(() -> text(received).length() == request.length(), "the server to receive the whole request");
        } finally {
            server.destroy();
            server.waitFor();
            if (client != null) {
                assertThat(client.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the client ends").isTrue();
            }
            // Stopped only once it wrote every packet its filter took (as the fixtures stop it): SIGUSR1 makes it
            // print both counts.
            Await.until(() -> caughtUp(tcpdump, tcpdumpLog), "tcpdump to write what it received");
            Command.run("kill", "-INT", Long.toString(tcpdump.pid()));
            tcpdump.waitFor();
        }
        List<Packet> frames = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                frames.add(FrameDecoder.decode(r.linkType(), r.buffer(), r.dataOffset(), r.capturedLength()).packet());
            }
        }
        return events(frames);
    }

    /** Whether tcpdump, asked for its counts, has captured as many packets as its filter received. */
    private static boolean caughtUp(Process tcpdump, Path log) {
        Command.run("kill", "-USR1", Long.toString(tcpdump.pid()));
        // "tcpdump: 4 packets captured, 8 packets received by filter, 0 packets dropped by kernel"
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(\\d+) packets? captured, (\\d+) packets? received by filter").matcher(text(log));
        String captured = null;
        String received = null;
        while (m.find()) {
            captured = m.group(1);
            received = m.group(2);
        }
        return captured != null && captured.equals(received);
    }

    /** A file's text, empty while it does not exist. */
    private static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The client's data segments ("data [.] 1:1461 len 1460", sequence relative to its SYN) and the ICMP errors it got,
     * in capture order.
     */
    private static List<String> events(List<Packet> frames) {
        List<String> out = new ArrayList<>();
        long isn = -1;
        for (Packet p : frames) {
            if (!p.isIpv4()) {
                continue;
            }
            if (p.transport() instanceof TcpSegment tcp && p.ip().source().equals(Ipv4Address.parse("10.61.0.2"))) {
                if (tcp.has(TcpFlags.SYN)) {
                    isn = tcp.sequence();
                } else if (tcp.payload().length() > 0) {
                    long from = tcp.sequence() - isn;
                    out.add("data " + (tcp.has(TcpFlags.PSH) ? "[P.] " : "[.] ") + from + ":"
                            + (from + tcp.payload().length()) + " len " + tcp.payload().length());
                }
            } else if (p.transport() instanceof IcmpMessage icmp && icmp.type() == IcmpMessage.DESTINATION_UNREACHABLE
                    && icmp.code() == 4) {
                out.add("ICMP fragmentation needed, MTU " + (icmp.restOfHeader() & 0xffff));
            }
        }
        return out;
    }
}
