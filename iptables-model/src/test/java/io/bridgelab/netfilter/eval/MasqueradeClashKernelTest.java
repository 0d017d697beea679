package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.packet.TcpFlags;
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
 * MASQUERADE's port search against the kernel: with {@code --to-ports 40000-40001} two containers connect
 * to the same server; the first gets one of the two ports (from a random offset), the second cannot reuse
 * it (same reply tuple) and gets the other. The model must agree entry for entry, the pair of ports as a set.
 * (busybox nc cannot pin a client's source port, so a same-source-port clash is not staged here; the
 * keep-the-port case is in EvalKernelTest, the clash in ConntrackTableTest.)
 */
class MasqueradeClashKernelTest {
    private static final String RULES = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            + ":POSTROUTING ACCEPT [0:0]\n"
            + "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -p tcp -j MASQUERADE --to-ports 40000-40001\nCOMMIT\n";
    private static final Pattern MAPPED = Pattern.compile("sport=80 dport=(\\d+)");

    @Test
    void twoConnectionsShareATwoPortRange() throws Exception {
        Kernel.require("iptables-restore", "iptables", "conntrack", "busybox");
        try (NetworkNamespace h = NetworkNamespace.create("mch");
             NetworkNamespace c1 = NetworkNamespace.create("mc1");
             NetworkNamespace c2 = NetworkNamespace.create("mc2");
             NetworkNamespace ext = NetworkNamespace.create("mce")) {
            h.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
            h.exec("ip", "link", "add", "docker0", "type", "bridge", "mcast_snooping", "0").orThrow();
            h.exec("ip", "addr", "add", "172.17.0.1/16", "dev", "docker0").orThrow();
            h.exec("ip", "link", "set", "docker0", "multicast", "off", "up").orThrow();
            int n = 1;
            for (NetworkNamespace c : List.of(c1, c2)) {
                h.exec("ip", "link", "add", "veth" + n, "type", "veth", "peer", "name", "eth0", "netns", c.name())
                        .orThrow();
                h.exec("ip", "link", "set", "veth" + n, "master", "docker0", "up").orThrow();
                c.exec("ip", "addr", "add", "172.17.0." + (n + 1) + "/16", "dev", "eth0").orThrow();
                c.exec("ip", "link", "set", "eth0", "up").orThrow();
                c.exec("ip", "route", "add", "default", "via", "172.17.0.1").orThrow();
                n++;
            }
            h.exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", ext.name()).orThrow();
            h.exec("ip", "addr", "add", "192.168.1.10/24", "dev", "eth0").orThrow();
            h.exec("ip", "link", "set", "eth0", "up").orThrow();
            ext.exec("ip", "addr", "add", "192.168.1.20/24", "dev", "eth0").orThrow();
            ext.exec("ip", "link", "set", "eth0", "up").orThrow();
            // The server never answers, so both connections stay SYN_SENT and keep their tuples.
            ext.exec("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "80", "-j", "DROP").orThrow();
            h.exec(List.of("iptables-restore"), RULES).orThrow();
            List<Process> running = new ArrayList<>();
            try {
                running.add(Await.background(c1, "busybox", "nc", "192.168.1.20", "80"));
                Await.until(() -> h.exec("conntrack", "-L").stdout().contains("src=172.17.0.2"), "first connection");
                running.add(Await.background(c2, "busybox", "nc", "192.168.1.20", "80"));
                Await.until(() -> h.exec("conntrack", "-L").stdout().contains("src=172.17.0.3"), "second connection");
                String kernelCt = h.exec("conntrack", "-L").orThrow().stdout();

                Netfilter model = new Netfilter(IptablesSaveParser.parse(RULES), DockerRuleset.host(),
                        new ConntrackTable(), Netfilter.Mode.FAST);
                int port1 = sourcePort(kernelCt, "172.17.0.2");
                int port2 = sourcePort(kernelCt, "172.17.0.3");
                Paths.forward(model, tcp("172.17.0.2", port1, "192.168.1.20", 80, TcpFlags.SYN), "docker0", "eth0",
                        0, false);
                Paths.forward(model, tcp("172.17.0.3", port2, "192.168.1.20", 80, TcpFlags.SYN), "docker0", "eth0",
                        1, false);
                String modelCt = ConntrackListing.render(model.conntrack().connections(2), 2);
                assertThat(normalized(modelCt)).isEqualTo(normalized(kernelCt));
                assertThat(mappedPorts(kernelCt)).containsExactlyInAnyOrder(40000, 40001);
                assertThat(mappedPorts(modelCt)).containsExactlyInAnyOrder(40000, 40001);
            } finally {
                for (Process p : running) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Timeouts and the mapped port masked, lines sorted. */
    private static List<String> normalized(String listing) {
        return listing.lines().filter(l -> !l.isBlank())
                .map(l -> l.replaceFirst("^(\\S+\\s+\\d+) \\d+ ", "$1 T ").replaceFirst("sport=80 dport=\\d+",
                        "sport=80 dport=MAPPED"))
                .sorted().toList();
    }

    private static List<Integer> mappedPorts(String listing) {
        List<Integer> ports = new ArrayList<>();
        Matcher m = MAPPED.matcher(listing);
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }

    private static int sourcePort(String listing, String source) {
        Matcher m = Pattern.compile("src=" + Pattern.quote(source) + " dst=\\S+ sport=(\\d+)").matcher(listing);
        assertThat(m.find()).as("kernel conntrack has %s in:%n%s", source, listing).isTrue();
        return Integer.parseInt(m.group(1));
    }


}
