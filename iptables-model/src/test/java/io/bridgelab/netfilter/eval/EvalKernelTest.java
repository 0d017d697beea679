package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.datagram;
import static io.bridgelab.netfilter.conntrack.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.testing.Await;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real kernel as oracle: Docker 20.10's ruleset loaded into a host namespace (docker0 with a
 * container, eth0 to an outside namespace, the user bridge), real traffic (a TCP handshake to the
 * published port 8088, a ping from the container out, a UDP datagram to the published 9000), then the
 * kernel's {@code iptables-save -c} counters and {@code conntrack -L} are compared with the model's
 * after the same packets. Ports and ICMP ids the tools choose are read back from the kernel's table.
 */
class EvalKernelTest {
    /** A copy of /work/shared/reference/docker-20.10-bridge.iptables-save.txt in the test resources. */
    private static final String REFERENCE_RESOURCE = "/rulesets/docker-20.10-bridge.iptables-save.txt";
    private static final Pattern COUNTED = Pattern.compile("^\\[(\\d+):(\\d+)\\] -A (\\S+) .*$");
    private static final Pattern POLICY = Pattern.compile("^:(\\S+) (ACCEPT|DROP) \\[(\\d+):(\\d+)\\]$");

    @Test
    void dockerRulesetCountersAndConntrackMatchTheKernel() throws Exception {
        Kernel.require("iptables-restore", "iptables-save", "conntrack", "busybox", "ss", "bash");
        try (NetworkNamespace h = NetworkNamespace.create("evh");
             NetworkNamespace c1 = NetworkNamespace.create("evc");
             NetworkNamespace ext = NetworkNamespace.create("eve")) {
            build(h, c1, ext);
            h.exec(List.of("iptables-restore"), reference()).orThrow();
            List<Process> running = new ArrayList<>();
            try {
                running.add(Await.background(c1, "busybox", "nc", "-l", "-p", "80"));
                Await.until(() -> c1.exec("ss", "-ltn").stdout().contains(":80 "), "server listening");
                running.add(Await.background(ext, "busybox", "nc", "192.168.1.10", "8088"));
                Await.until(() -> h.exec("conntrack", "-L").stdout().contains("ESTABLISHED"), "TCP handshake");
                c1.exec("busybox", "ping", "-c", "1", "-W", "2", "192.168.1.20").orThrow();
                ext.exec("bash", "-c", "echo x > /dev/udp/192.168.1.10/9000").orThrow();
                Await.until(() -> h.exec("conntrack", "-L").stdout().contains("dport=9000"), "UDP entry");
                String kernelCt = h.exec("conntrack", "-L").orThrow().stdout();
                String kernelSave = h.exec("iptables-save", "-c").orThrow().stdout();

                // The model evaluates the very file the kernel loaded, read by the text package's parser.
                Ruleset parsed = IptablesSaveParser.parse(reference());
                Netfilter model = new Netfilter(parsed, DockerRuleset.host(), new ConntrackTable(),
                        Netfilter.Mode.FAST);
                int tcpPort = group(kernelCt, "tcp .*? sport=(\\d+) dport=8088");
                int icmpId = group(kernelCt, "icmp .*? type=8 code=0 id=(\\d+)");
                int udpPort = group(kernelCt, "udp .*? sport=(\\d+) dport=9000");
                replay(model, tcpPort, icmpId, udpPort);

                assertThat(counters(model.countedRuleset())).isEqualTo(counters(kernelSave));
                assertThat(masked(ConntrackListing.render(model.conntrack().connections(3000), 3000)))
                        .isEqualTo(masked(kernelCt));
            } finally {
                for (Process p : running) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    /**
     * The host connects to its own published port: OUTPUT (nat OUTPUT -> DOCKER -> DNAT), POSTROUTING,
     * confirm; the container's SYN-ACK comes back through PREROUTING and INPUT, where the DNAT is undone.
     */
    @Test
    void hostToItsOwnPublishedPortGoesThroughOutputAndInput() throws Exception {
        Kernel.require("iptables-restore", "iptables-save", "conntrack", "busybox", "ss");
        try (NetworkNamespace h = NetworkNamespace.create("evh");
             NetworkNamespace c1 = NetworkNamespace.create("evc");
             NetworkNamespace ext = NetworkNamespace.create("eve")) {
            build(h, c1, ext);
            h.exec(List.of("iptables-restore"), reference()).orThrow();
            List<Process> running = new ArrayList<>();
            try {
                running.add(Await.background(c1, "busybox", "nc", "-l", "-p", "80"));
                Await.until(() -> c1.exec("ss", "-ltn").stdout().contains(":80 "), "server listening");
                running.add(Await.background(h, "busybox", "nc", "192.168.1.10", "8088"));
                Await.until(() -> h.exec("conntrack", "-L").stdout().contains("ESTABLISHED"), "TCP handshake");
                String kernelCt = h.exec("conntrack", "-L").orThrow().stdout();
                String kernelSave = h.exec("iptables-save", "-c").orThrow().stdout();
                int port = group(kernelCt, "tcp .*? sport=(\\d+) dport=8088");

                Netfilter model = new Netfilter(IptablesSaveParser.parse(reference()), DockerRuleset.host(),
                        new ConntrackTable(), Netfilter.Mode.FAST);
                Bytes synOptions = Bytes.copyOf(new byte[20]);
                Paths.Walk syn = Paths.output(model, tcp("192.168.1.10", port, "192.168.1.10", 8088, TcpFlags.SYN,
                        synOptions), "docker0", 0, false);
                check(syn);
                assertThat(syn.packet().ip().destination()).isEqualTo(ip("172.17.0.2"));
                Paths.Walk synAck = Paths.input(model, tcp("172.17.0.2", 80, "192.168.1.10", port,
                        TcpFlags.SYN | TcpFlags.ACK, synOptions), "docker0", 1, false);
                check(synAck);
                assertThat(synAck.packet().ip().source()).isEqualTo(ip("192.168.1.10"));
                assertThat(synAck.packet().sourcePort()).isEqualTo(8088);
                check(Paths.output(model, tcp("192.168.1.10", port, "192.168.1.10", 8088, TcpFlags.ACK,
                        Bytes.copyOf(new byte[12])), "docker0", 2, false));

                assertThat(counters(model.countedRuleset())).isEqualTo(counters(kernelSave));
                assertThat(masked(ConntrackListing.render(model.conntrack().connections(3), 3)))
                        .isEqualTo(masked(kernelCt));
            } finally {
                for (Process p : running) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    @Test
    void handBuiltFixtureIsTheReferenceFile() throws Exception {
        assertThat(DockerRuleset.ruleset()).isEqualTo(IptablesSaveParser.parse(reference()));
    }

    private static String reference() throws IOException {
        try (var in = EvalKernelTest.class.getResourceAsStream(REFERENCE_RESOURCE)) {
            if (in == null) {
                throw new IOException("test resource missing: " + REFERENCE_RESOURCE);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The same packets, as each crosses the host: handshake, ping out and its reply, the UDP datagram. */
    private static void replay(Netfilter nf, int port, int id, int udpPort) {
        Bytes synOptions = Bytes.copyOf(new byte[20]);
        Bytes ackOptions = Bytes.copyOf(new byte[12]);
        check(Paths.forward(nf, tcp("192.168.1.20", port, "192.168.1.10", 8088, TcpFlags.SYN, synOptions), "eth0",
                "docker0", 0, false));
        check(Paths.forward(nf, tcp("172.17.0.2", 80, "192.168.1.20", port, TcpFlags.SYN | TcpFlags.ACK,
                synOptions), "docker0", "eth0", 1, false));
        check(Paths.forward(nf, tcp("192.168.1.20", port, "192.168.1.10", 8088, TcpFlags.ACK, ackOptions), "eth0",
                "docker0", 2, false));
        Bytes pingData = Bytes.copyOf(new byte[56]);
        check(Paths.forward(nf, datagram("172.17.0.2", "192.168.1.20",
                new IcmpMessage(8, 0, 0, id << 16, null, pingData)), "docker0", "eth0", 1000, false));
        check(Paths.forward(nf, datagram("192.168.1.20", "192.168.1.10",
                new IcmpMessage(0, 0, 0, id << 16, null, pingData)), "eth0", "docker0", 1001, false));
        check(Paths.forward(nf, datagram("192.168.1.20", "192.168.1.10",
                new UdpDatagram(udpPort, 9000, 10, 0, Bytes.ofHex("780a"))), "eth0", DockerRuleset.BR, 2000, false));
    }

    private static void check(Paths.Walk w) {
        assertThat(w.verdict()).as("model verdict, trace %s", w.trace()).isEqualTo(Verdict.ACCEPT);
    }

    private static Packet tcp(String src, int sport, String dst, int dport, int flags, Bytes options) {
        return datagram(src, dst, new TcpSegment(sport, dport, 1, 0, flags, 64240, 0, 0, options, null));
    }

    private static void build(NetworkNamespace h, NetworkNamespace c1, NetworkNamespace ext) {
        h.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        // Without snooping off, each bridge sends IGMPv3 reports to 224.0.0.22 when it comes up: host
        // traffic through OUTPUT at times we do not control (seen as "unknown  2 ..." in conntrack -L).
        h.exec("ip", "link", "add", "docker0", "type", "bridge", "mcast_snooping", "0").orThrow();
        h.exec("ip", "addr", "add", "172.17.0.1/16", "dev", "docker0").orThrow();
        h.exec("ip", "link", "set", "docker0", "multicast", "off", "up").orThrow();
        h.exec("ip", "link", "add", "veth1", "type", "veth", "peer", "name", "eth0", "netns", c1.name()).orThrow();
        h.exec("ip", "link", "set", "veth1", "master", "docker0", "up").orThrow();
        c1.exec("ip", "addr", "add", "172.17.0.2/16", "dev", "eth0").orThrow();
        c1.exec("ip", "link", "set", "eth0", "up").orThrow();
        c1.exec("ip", "route", "add", "default", "via", "172.17.0.1").orThrow();
        h.exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", ext.name()).orThrow();
        h.exec("ip", "addr", "add", "192.168.1.10/24", "dev", "eth0").orThrow();
        h.exec("ip", "link", "set", "eth0", "up").orThrow();
        ext.exec("ip", "addr", "add", "192.168.1.20/24", "dev", "eth0").orThrow();
        ext.exec("ip", "link", "set", "eth0", "up").orThrow();
        String br = DockerRuleset.BR;
        h.exec("ip", "link", "add", br, "type", "bridge", "mcast_snooping", "0").orThrow();
        h.exec("ip", "addr", "add", "172.20.0.1/16", "dev", br).orThrow();
        h.exec("ip", "link", "set", br, "multicast", "off", "up").orThrow();
        // A permanent neighbour: the datagram leaves without ARP, so no "host unreachable" comes back later.
        h.exec("ip", "neigh", "replace", "172.20.0.2", "lladdr", "02:42:ac:14:00:02", "dev", br, "nud", "permanent")
                .orThrow();
    }



    private static int group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("kernel conntrack has /%s/ in:%n%s", regex, text).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** conntrack -L lines with the timeout field replaced, sorted (the kernel lists in hash order). */
    private static List<String> masked(String listing) {
        return listing.lines().filter(l -> !l.isBlank())
                .map(l -> l.replaceFirst("^(\\S+\\s+\\d+) \\d+ ", "$1 T "))
                .sorted().toList();
    }

    /** "table chain #n [p:b]" and "table chain policy [p:b]" lines of iptables-save -c output. */
    private static List<String> counters(String save) {
        List<String> out = new ArrayList<>();
        String table = null;
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1);
                seen.clear();
            }
            Matcher p = POLICY.matcher(line);
            if (p.matches()) {
                out.add(table + " " + p.group(1) + " policy [" + p.group(3) + ":" + p.group(4) + "]");
            }
            Matcher r = COUNTED.matcher(line);
            if (r.matches()) {
                int n = seen.merge(r.group(3), 1, Integer::sum);
                out.add(table + " " + r.group(3) + " #" + n + " [" + r.group(1) + ":" + r.group(2) + "]");
            }
        }
        return out.stream().sorted().toList();
    }

    private static List<String> counters(Ruleset rs) {
        List<String> out = new ArrayList<>();
        for (Table t : rs.tables()) {
            for (Chain c : t.chains()) {
                if (c.isBuiltin()) {
                    out.add(t.name().text() + " " + c.name() + " policy " + c.policyCounters());
                }
                int n = 0;
                for (Rule r : c.rules()) {
                    n++;
                    out.add(t.name().text() + " " + c.name() + " #" + n + " " + r.counters());
                }
            }
        }
        return out.stream().sorted().toList();
    }
}
