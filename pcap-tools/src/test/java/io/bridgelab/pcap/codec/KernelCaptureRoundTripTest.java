package io.bridgelab.pcap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapNgWriter;
import io.bridgelab.pcap.io.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tcpdump captures of real kernel traffic between two namespaces (veth pair, checksum offload off so
 * the kernel writes every checksum in software): ARP, ping, a TCP exchange, UDP to a closed port and the
 * ICMP port unreachable it earns. Each frame must decode and encode byte-identical, our checksums must
 * equal the kernel's, and files we write must open in tshark and tcpdump.
 */
class KernelCaptureRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void realCapturesRoundTripAndChecksumsMatchTheKernel() throws Exception {
        Kernel.require("tcpdump", "tshark", "ethtool", "busybox", "bash", "ss");
        List<CaptureRecord> ethernet;
        List<CaptureRecord> sll2;
        List<CaptureRecord> sll;
        try (NetworkNamespace client = NetworkNamespace.create("pcapc");
             NetworkNamespace server = NetworkNamespace.create("pcaps")) {
            client.exec("ip", "link", "add", "name", "pc-a", "type", "veth", "peer", "name", "pc-b", "netns", server.name())
                    .orThrow();
            client.exec("ip", "addr", "add", "10.77.0.1/24", "dev", "pc-a").orThrow();
            server.exec("ip", "addr", "add", "10.77.0.2/24", "dev", "pc-b").orThrow();
            client.exec("ethtool", "-K", "pc-a", "tx", "off").orThrow();
            server.exec("ethtool", "-K", "pc-b", "tx", "off").orThrow();
            client.exec("ip", "link", "set", "pc-a", "up").orThrow();
            server.exec("ip", "link", "set", "pc-b", "up").orThrow();

            try (LiveCapture eth = LiveCapture.start(client, dir.resolve("eth.pcap"), "-i", "pc-a");
                 LiveCapture any = LiveCapture.start(client, dir.resolve("any.pcap"), "-i", "any");
                 LiveCapture cooked1 = LiveCapture.start(client, dir.resolve("sll.pcap"), "-i", "any", "-y",
                         "LINUX_SLL")) {
                traffic(client, server);
                Duration t = Duration.ofSeconds(15);
                ethernet = eth.awaitThenStop(r -> complete(r, LinkType.ETHERNET), t);
                sll2 = any.awaitThenStop(r -> complete(r, LinkType.LINUX_SLL2), t);
                sll = cooked1.awaitThenStop(r -> complete(r, LinkType.LINUX_SLL), t);
            }
        }
        assertThat(sll2).allSatisfy(r -> assertThat(r.linkType()).isEqualTo(LinkType.LINUX_SLL2));
        for (List<CaptureRecord> capture : List.of(ethernet, sll2, sll)) {
            for (CaptureRecord r : capture) {
                byte[] frame = r.data().toArray();
                DecodedFrame decoded = FrameDecoder.decode(r.linkType(), frame, 0, frame.length);
                assertThat(FrameEncoder.encode(decoded)).as("round trip of %s", decoded).isEqualTo(frame);
                Packet p = decoded.packet();
                assertThat(Checksums.recompute(p)).as("kernel checksums of %s", p).isEqualTo(p);
                assertThat(Checksums.recompute(zeroChecksums(p))).isEqualTo(p);
            }
        }
        Path ours = dir.resolve("ours.pcap");
        try (OutputStream out = Files.newOutputStream(ours); PcapWriter w = new PcapWriter(out, LinkType.ETHERNET)) {
            for (CaptureRecord r : ethernet) {
                byte[] frame = r.data().toArray();
                w.write(r.timestampNanos(), FrameEncoder.encode(FrameDecoder.decodeEthernet(frame, 0, frame.length)));
            }
        }
        // Two Ethernet interfaces: libpcap (tcpdump) reads several interfaces only of one link type.
        Path oursNg = dir.resolve("ours.pcapng");
        try (OutputStream out = Files.newOutputStream(oursNg); PcapNgWriter w = new PcapNgWriter(out)) {
            int first = w.addInterface(LinkType.ETHERNET, 262144, "pc-a");
            int second = w.addInterface(LinkType.ETHERNET, 0, null);
            for (int i = 0; i < ethernet.size(); i++) {
                CaptureRecord r = ethernet.get(i);
                byte[] f = r.data().toArray();
                w.write(r.timestampNanos(), i % 2 == 0 ? first : second, r.originalLength(), f, 0, f.length);
            }
        }
        Path mixed = dir.resolve("mixed.pcapng");
        try (OutputStream out = Files.newOutputStream(mixed); PcapNgWriter w = new PcapNgWriter(out)) {
            int e = w.addInterface(LinkType.ETHERNET, 262144, "pc-a");
            int a = w.addInterface(LinkType.LINUX_SLL2, 262144, "any");
            int s = w.addInterface(LinkType.LINUX_SLL, 0, null);
            writeAll(w, e, ethernet);
            writeAll(w, a, sll2);
            writeAll(w, s, sll);
        }
        assertOpensInRealTools(ours, ethernet.size(), true);
        assertOpensInRealTools(oursNg, ethernet.size(), true);
        assertOpensInRealTools(mixed, ethernet.size() + sll2.size() + sll.size(), false);
        copyAsFixtures(ethernet.size(), sll2.size());
    }

    private static void traffic(NetworkNamespace client, NetworkNamespace server) throws Exception {
        client.exec("busybox", "ping", "-c", "2", "-W", "2", "10.77.0.2").orThrow();
        Process listener = new ProcessBuilder("ip", "netns", "exec", server.name(), "busybox", "nc", "-l", "-p", "8080")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.exec("ss", "-ltnH", "sport = :8080").stdout().isBlank()) {
                assertThat(System.nanoTime()).as("nc listening").isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(20);
            }
            client.exec("bash", "-c", "echo hello-tcp >/dev/tcp/10.77.0.2/8080").orThrow();
            assertThat(listener.waitFor(10, TimeUnit.SECONDS)).as("nc ends with the connection").isTrue();
        } finally {
            listener.destroyForcibly();
        }
        // Nothing listens on 9999: the server answers with ICMP port unreachable quoting our datagram.
        client.exec("bash", "-c", "echo hello-udp >/dev/udp/10.77.0.2/9999").orThrow();
    }

    /** ARP, two echo replies, the server's FIN and the port unreachable have all been captured. */
    private static boolean complete(List<CaptureRecord> records, int linkType) {
        int replies = 0;
        boolean arp = false;
        boolean fin = false;
        boolean unreachable = false;
        for (CaptureRecord r : records) {
            byte[] f = r.data().toArray();
            Packet p = FrameDecoder.decode(linkType, f, 0, f.length).packet();
            arp |= p.network() instanceof ArpMessage;
            if (p.transport() instanceof IcmpMessage m) {
                replies += m.type() == IcmpMessage.ECHO_REPLY ? 1 : 0;
                unreachable |= m.type() == 3 && m.code() == 3 && m.embeddedDestinationPort() == 9999;
            }
            fin |= p.transport() instanceof TcpSegment t && t.sourcePort() == 8080 && t.has(TcpFlags.FIN);
        }
        return arp && replies >= 2 && fin && unreachable;
    }

    static Packet zeroChecksums(Packet p) {
        if (!p.isIpv4()) {
            return p;
        }
        var d = p.ipv4();
        var t = d.transport();
        if (t instanceof TcpSegment tcp) {
            t = tcp.withChecksum(0);
        } else if (t instanceof UdpDatagram udp) {
            t = udp.withChecksum(0);
        } else if (t instanceof IcmpMessage icmp) {
            t = icmp.withChecksum(0);
        }
        return p.withNetwork(d.withHeader(d.header().withChecksum(0)).withTransport(t));
    }

    private static void writeAll(PcapNgWriter w, int iface, List<CaptureRecord> records) throws IOException {
        for (CaptureRecord r : records) {
            byte[] f = r.data().toArray();
            w.write(r.timestampNanos(), iface, r.originalLength(), f, 0, f.length);
        }
    }

    static void assertOpensInRealTools(Path file, int packets, boolean alsoTcpdump) {
        Command.Result tshark = Command.run("tshark", "-n", "-r", file.toString(), "-T", "fields", "-e", "frame.number");
        assertThat(tshark.exitCode()).as("tshark -r %s: %s", file, tshark.stderr()).isZero();
        assertThat(tshark.stdout().lines().count()).as("tshark packet count").isEqualTo(packets);
        if (!alsoTcpdump) {
            return;
        }
        Command.Result tcpdump = Command.run("tcpdump", "-n", "-r", file.toString());
        assertThat(tcpdump.exitCode()).as("tcpdump -r %s: %s", file, tcpdump.stderr()).isZero();
        assertThat(tcpdump.stdout().lines().count()).as("tcpdump packet count").isEqualTo(packets);
    }

    /** With -Dpcap.fixtures=DIR, keeps the captures (how src/test/resources/captures was made). */
    private void copyAsFixtures(int ethernetCount, int sll2Count) throws IOException {
        String target = System.getProperty("pcap.fixtures");
        if (target != null) {
            for (String name : List.of("eth.pcap", "any.pcap", "sll.pcap", "mixed.pcapng")) {
                Files.copy(dir.resolve(name), Path.of(target, "kernel-" + name),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
