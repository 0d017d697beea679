package io.bridgelab.sim.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code netsim exec ... tcpdump} after the article's exchange (ext fetches 192.168.1.10:8088, DNATed to test2:80):
 * the host's eth0 shows port 8088 and test2's eth0 port 80 (the article's two captures), options and filters shape
 * it as tcpdump's do, and what it cannot do is refused by name. (KernelExecComparisonTest holds its lines to the
 * real tcpdump's in namespaces.)
 */
class TcpdumpExecTest {
    private final EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);

    private Simulation traced() {
        Scenario scenario = BuiltinScenarios.named("port-mapping");
        Simulation simulation = new Simulation(scenario.world(), netfilter, scenario.flow(), scenario.packets());
        simulation.run(scenario.name());
        return simulation;
    }

    private ExecResult tcpdump(Simulation s, String node, String line) {
        return Exec.run(s.engine(), netfilter, node, Arrays.asList(line.split(" ")));
    }

    @Test
    void theArticlesTwoCapturesShowTheDnatOnTheWayInAndItsUndoingOnTheWayOut() {
        Simulation s = traced();
        ExecResult host = tcpdump(s, "host", "tcpdump -i eth0 -nn -t port 8088");
        assertThat(host.stdout()).isEqualTo("""
                IP 192.168.1.20.43210 > 192.168.1.10.8088: Flags [S], seq 1000000, win 64240, options [mss 1460], length 0
                IP 192.168.1.10.8088 > 192.168.1.20.43210: Flags [S.], seq 5000000, ack 1000001, win 64240, options [mss 1460], length 0
                IP 192.168.1.20.43210 > 192.168.1.10.8088: Flags [.], ack 1, win 64240, length 0
                IP 192.168.1.20.43210 > 192.168.1.10.8088: Flags [P.], seq 1:82, ack 1, win 64240, length 81
                IP 192.168.1.10.8088 > 192.168.1.20.43210: Flags [P.], seq 1:226, ack 82, win 64240, length 225

                """);
        assertThat(host.stderrFirst()).isEqualTo("tcpdump: verbose output suppressed, use -v[v]... for full protocol"
                + " decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n");
        assertThat(host.stderr()).isEqualTo("5 packets captured\n5 packets received by filter\n"
                + "0 packets dropped by kernel\n");
        ExecResult container = tcpdump(s, "test2", "tcpdump -nn -t port 80");
        assertThat(container.stdout()).contains("IP 192.168.1.20.43210 > 172.17.0.4.80: Flags [S], seq 1000000")
                .contains("length 81: HTTP: GET / HTTP/1.1").contains("length 225: HTTP: HTTP/1.1 200 OK");
        assertThat(container.exitCode()).isZero();
    }

    /**
     * -v: the TTL the host's forwarding took one from (the SYN-ACK leaves eth0 with 63, the SYN reaches test2 with
     * 63), and the checksums NAT kept right.
     */
    @Test
    void verboseShowsTheTtlForwardingDecrementedAndTheChecksumsNatKeptRight() {
        Simulation s = traced();
        ExecResult host = tcpdump(s, "host", "tcpdump -v -t -nn -i eth0 -c 3 tcp");
        assertThat(host.stdout()).startsWith("""
                IP (tos 0x0, ttl 64, id 4096, offset 0, flags [DF], proto TCP (6), length 44)
                    192.168.1.20.43210 > 192.168.1.10.8088: Flags [S], cksum 0x""");
        assertThat(host.stdout()).contains("(correct), seq 1000000, win 64240, options [mss 1460], length 0");
        assertThat(host.stderrFirst()).isEqualTo("tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot"
                + " length 262144 bytes\n");
        ExecResult container = tcpdump(s, "test2", "tcpdump -v -t -nn -c 1 tcp");
        assertThat(container.stdout()).contains("ttl 63,").contains("192.168.1.20.43210 > 172.17.0.4.80");
    }

    /** -A shows the request curl sent, as text, after its line; -X the same bytes in hex beside ASCII. */
    @Test
    void asciiAndHexShowTheRequestsBytes() {
        Simulation s = traced();
        String ascii = tcpdump(s, "test2", "tcpdump -A -t -nn -c 4 tcp").stdout();
        assertThat(ascii).contains("length 81: HTTP: GET / HTTP/1.1\n").contains("GET / HTTP/1.1\nHost: ");
        String hex = tcpdump(s, "test2", "tcpdump -X -t -nn -c 1 tcp").stdout();
        assertThat(hex).startsWith("IP 192.168.1.20.43210 > 172.17.0.4.80: Flags [S], seq 1000000, win 64240,"
                + " options [mss 1460], length 0\n\t0x0000:  4500 002c 1000 4000 3f06 ")
                .contains("6002 faf0 43fa 0000 0204 05b4");
    }

    @Test
    void countStopsItWithoutTheLineBreakOfCtrlCAndAFilterSelects() {
        Simulation s = traced();
        ExecResult two = tcpdump(s, "host", "tcpdump -c 2 -nni eth0 -t");
        assertThat(two.stdout()).isEqualTo("""
                ARP, Request who-has 192.168.1.10 tell 192.168.1.20, length 28
                ARP, Reply 192.168.1.10 is-at 52:54:00:00:01:10, length 28
                """);
        assertThat(two.stderr()).startsWith("2 packets captured\n");
        assertThat(tcpdump(s, "host", "tcpdump -t -nn -i docker0 arp").stdout()).isEqualTo("""
                ARP, Request who-has 172.17.0.4 tell 172.17.0.1, length 28
                ARP, Reply 172.17.0.4 is-at 02:42:ac:11:00:04, length 28

                """);
        assertThat(tcpdump(s, "host", "tcpdump -i eth0 udp").stderr()).startsWith("0 packets captured\n");
        assertThat(tcpdump(s, "test2", "tcpdump").stderrFirst()).contains("listening on eth0,");
    }

    @Test
    void writeFileHoldsTheFramesItWouldHavePrinted(@TempDir Path dir) throws Exception {
        Simulation s = traced();
        Path file = dir.resolve("host.cap");
        ExecResult r = tcpdump(s, "host", "tcpdump -i eth0 -w " + file + " port 8088");
        assertThat(r.stdout()).isEqualTo("\n");
        assertThat(r.stderrFirst()).startsWith("tcpdump: listening on eth0, link-type EN10MB (Ethernet)");
        List<Integer> lengths = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next()) {
                lengths.add(reader.capturedLength());
            }
        }
        assertThat(lengths).containsExactly(58, 58, 54, 135, 279);
        ExecResult unwritable = tcpdump(s, "host", "tcpdump -w " + dir.resolve("no/such/dir.cap"));
        assertThat(unwritable.exitCode()).isEqualTo(1);
        assertThat(unwritable.stderr()).endsWith(": No such file or directory\n");
    }

    @Test
    void theAnyDeviceFollowsTheExchangeAcrossTheHostsInterfacesWithTheirDirections(@TempDir Path dir) throws Exception {
        Simulation s = traced();
        ExecResult any = tcpdump(s, "host", "tcpdump -t -i any -nn port 8088 or port 80");
        assertThat(any.stdout().lines().limit(6).toList()).containsExactly(
                "eth0  In  IP 192.168.1.20.43210 > 192.168.1.10.8088: Flags [S], seq 1000000, win 64240, options [mss 1460], length 0",
                "docker0 Out IP 192.168.1.20.43210 > 172.17.0.4.80: Flags [S], seq 1000000, win 64240, options [mss 1460], length 0",
                "veth129a5c1 Out IP 192.168.1.20.43210 > 172.17.0.4.80: Flags [S], seq 1000000, win 64240, options [mss 1460], length 0",
                "veth129a5c1 P   IP 172.17.0.4.80 > 192.168.1.20.43210: Flags [S.], seq 5000000, ack 1000001, win 64240,"
                        + " options [mss 1460], length 0",
                "docker0 In  IP 172.17.0.4.80 > 192.168.1.20.43210: Flags [S.], seq 5000000, ack 1000001, win 64240,"
                        + " options [mss 1460], length 0",
                "eth0  Out IP 192.168.1.10.8088 > 192.168.1.20.43210: Flags [S.], seq 5000000, ack 1000001, win 64240,"
                        + " options [mss 1460], length 0");
        assertThat(any.stderrFirst()).startsWith("tcpdump: data link type LINUX_SLL2\n")
                .contains("listening on any, link-type LINUX_SLL2 (Linux cooked v2)");
        assertThat(tcpdump(s, "host", "tcpdump -t -e -nn -i any arp").stdout().lines().findFirst()).hasValue(
                "eth0  B   ifindex 2 52:54:00:00:01:20 ethertype ARP (0x0806), length 48: Request who-has 192.168.1.10"
                        + " tell 192.168.1.20, length 28");
        Path file = dir.resolve("any.pcap");
        tcpdump(s, "host", "tcpdump -i any -w " + file);
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThat(reader.next()).isTrue();
            assertThat(reader.linkType()).isEqualTo(io.bridgelab.pcap.io.LinkType.LINUX_SLL2);
            // ARP (28 bytes) after the 20-byte cooked header: eth0's index 2, broadcast (packet type 1).
            assertThat(reader.capturedLength()).isEqualTo(48);
            assertThat(reader.buffer()[reader.dataOffset() + 7]).isEqualTo((byte) 2);
            assertThat(reader.buffer()[reader.dataOffset() + 10]).isEqualTo((byte) 1);
        }
    }

    @Test
    void anUnknownDeviceIsTcpdumpsErrorAndUnrenderedOptionsAreRefusedByName() {
        Simulation s = traced();
        ExecResult r = tcpdump(s, "host", "tcpdump -i eth9");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("tcpdump: eth9: No such device exists\n(No such device exists)\n");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "-vv")))
                .isInstanceOf(UnsupportedCommandException.class).hasMessageContaining("tcpdump -vv is not rendered");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "-nXX")))
                .hasMessageContaining("tcpdump -XX (with the link-level header) is not rendered");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "-qq")))
                .hasMessageContaining("tcpdump -qq is not rendered");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "-S")))
                .hasMessageContaining("tcpdump option -S is not rendered");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "-c", "0")))
                .hasMessageContaining("invalid packet count 0");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "-i")))
                .hasMessageContaining("option requires an argument -- 'i'");
        assertThatThrownBy(() -> CommandParser.parse(List.of("tcpdump", "port", "http")))
                .hasMessageContaining("service names are not looked up");
    }

    @Test
    void optionsClusterAsGetoptTakesThemAndTheExpressionMayStandAnywhere() {
        ShellCommand.Tcpdump t = (ShellCommand.Tcpdump) CommandParser.parse(
                List.of("tcpdump", "port", "80", "-nnepi", "docker0", "-c5", "-t", "or", "arp"));
        assertThat(t.iface()).isEqualTo("docker0");
        assertThat(t.numeric()).isTrue();
        assertThat(t.linkHeader()).isTrue();
        assertThat(t.promiscuous()).isFalse();
        assertThat(t.timestamps()).isFalse();
        assertThat(t.count()).isEqualTo(5);
        assertThat(t.filter()).hasToString("port 80 or arp");
    }
}
