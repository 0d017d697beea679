package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.datagram;
import static io.bridgelab.netfilter.conntrack.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.PacketState;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.testing.Await;
import io.bridgelab.netfilter.testing.Kernel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ICMP error through DNAT, against the kernel: the outside sends a UDP datagram to the published
 * port 9000, DNAT sends it to a container with nothing listening, the container answers "port
 * unreachable". The kernel relates the error to the connection and rewrites the outer source and the
 * quoted datagram back to 192.168.1.10:9000; tcpdump on the outside shows what arrived. The model's
 * rewrite of the same error must say the same, and its conntrack entry must equal the kernel's.
 */
class IcmpErrorKernelTest {
    private static final Pattern UNREACHABLE = Pattern.compile(
            "IP (\\S+) > (\\S+): ICMP (\\S+) udp port (\\d+) unreachable");

    @Test
    void portUnreachableFromTheContainerIsTranslatedBack() throws Exception {
        Kernel.require("iptables-restore", "conntrack", "tcpdump", "bash");
        try (NetworkNamespace h = NetworkNamespace.create("ieh");
             NetworkNamespace c = NetworkNamespace.create("iec");
             NetworkNamespace ext = NetworkNamespace.create("iee")) {
            h.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
            h.exec("ip", "link", "add", "veth1", "type", "veth", "peer", "name", "eth0", "netns", c.name()).orThrow();
            h.exec("ip", "addr", "add", "172.20.0.1/16", "dev", "veth1").orThrow();
            h.exec("ip", "link", "set", "veth1", "up").orThrow();
            c.exec("ip", "addr", "add", "172.20.0.2/16", "dev", "eth0").orThrow();
            c.exec("ip", "link", "set", "eth0", "up").orThrow();
            c.exec("ip", "route", "add", "default", "via", "172.20.0.1").orThrow();
            h.exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", ext.name()).orThrow();
            h.exec("ip", "addr", "add", "192.168.1.10/24", "dev", "eth0").orThrow();
            h.exec("ip", "link", "set", "eth0", "up").orThrow();
            ext.exec("ip", "addr", "add", "192.168.1.20/24", "dev", "eth0").orThrow();
            ext.exec("ip", "link", "set", "eth0", "up").orThrow();
            String rules = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                    + ":POSTROUTING ACCEPT [0:0]\n"
                    + "-A PREROUTING -i eth0 -p udp -m udp --dport 9000 -j DNAT --to-destination 172.20.0.2:9999\n"
                    + "COMMIT\n";
            h.exec(List.of("iptables-restore"), rules).orThrow();
            Path capture = Files.createTempFile("icmp-error", ".txt");
            Path status = Files.createTempFile("icmp-error", ".err");
            Process dump = new ProcessBuilder("ip", "netns", "exec", ext.name(), "tcpdump", "-l", "-n", "-i", "eth0",
                    "icmp").redirectOutput(capture.toFile()).redirectError(status.toFile()).start();
            try {
                // tcpdump says "listening on eth0" on stderr once its capture is open.
                Await.until(() -> read(status).contains("listening on"), "tcpdump to listen");
                ext.exec("bash", "-c", "echo x > /dev/udp/192.168.1.10/9000").orThrow();
                Await.until(() -> read(capture).contains("unreachable"), "the ICMP error at the outside");
            } finally {
                dump.destroy();
                dump.waitFor();
            }
            String seen = read(capture);
            Files.deleteIfExists(capture);
            Files.deleteIfExists(status);
            Matcher m = UNREACHABLE.matcher(seen);
            assertThat(m.find()).as("tcpdump saw:%n%s", seen).isTrue();
            String kernelCt = h.exec("conntrack", "-L").orThrow().stdout();
            int sport = Integer.parseInt(kernelCt.replaceAll("(?s).*sport=(\\d+) dport=9000.*", "$1"));

            Netfilter nf = new Netfilter(new io.bridgelab.netfilter.rule.Ruleset(List.of(natTable())),
                    DockerRuleset.host(), new ConntrackTable(), Netfilter.Mode.FAST);
            Packet udp = datagram("192.168.1.20", "192.168.1.10", new UdpDatagram(sport, 9000, 10, 0,
                    Bytes.ofHex("780a")));
            Paths.Walk in = Paths.forward(nf, udp, "eth0", "veth1", 0, false);
            assertThat(in.packet().ip().destination()).isEqualTo(ip("172.20.0.2"));
            byte[] quoted = {(byte) (sport >>> 8), (byte) sport, 0x27, 0x0f, 0, 10, 0, 0};
            Packet error = datagram("172.20.0.2", "192.168.1.20", new IcmpMessage(3, 3, 0, 0, in.packet().ip(),
                    Bytes.copyOf(quoted)));
            Paths.Walk back = Paths.forward(nf, error, "veth1", "eth0", 1, false);
            assertThat(back.tracked().state()).isEqualTo(PacketState.RELATED);
            IcmpMessage out = (IcmpMessage) back.packet().transport();
            assertThat(back.packet().ip().source().toString()).isEqualTo(m.group(1));
            assertThat(back.packet().ip().destination().toString()).isEqualTo(m.group(2));
            assertThat(out.embedded().destination().toString()).isEqualTo(m.group(3));
            assertThat(out.embeddedDestinationPort()).isEqualTo(Integer.parseInt(m.group(4)));
            assertThat(ConntrackListing.render(nf.conntrack().connections(2), 2).replaceFirst(" \\d+ src", " T src"))
                    .isEqualTo(kernelCt.replaceFirst(" \\d+ src", " T src"));
        }
    }

    private static io.bridgelab.netfilter.rule.Table natTable() {
        var dnat = new io.bridgelab.netfilter.rule.Dnat(new io.bridgelab.netfilter.rule.NatRange(
                io.bridgelab.netfilter.rule.AddressRange.single(ip("172.20.0.2")),
                io.bridgelab.netfilter.rule.PortRange.single(9999)), false, false);
        var rule = DockerRuleset.rule(DockerRuleset.udp().withInInterface(DockerRuleset.i("eth0")), dnat,
                io.bridgelab.netfilter.rule.UdpMatch.destinationPort(9000));
        var nat = io.bridgelab.netfilter.rule.Table.empty(io.bridgelab.netfilter.rule.TableName.NAT);
        return nat.with(nat.chain("PREROUTING").append(rule));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
