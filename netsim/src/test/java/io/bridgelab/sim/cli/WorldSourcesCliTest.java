package io.bridgelab.sim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --snapshot DIR} and {@code --file F} on trace and replay, and {@code netsim snapshot}'s own errors. */
class WorldSourcesCliTest {
    private static final String EXAMPLE = "examples/port-mapping.yaml";
    private static final Path RUN = Path.of("../fixtures/scenarios/port-mapping/captured");
    private static final String SNAPSHOT = RUN.resolve("snapshot-before").toString();

    /** The shipped example files trace exactly as their built-in scenarios' reviewed goldens. */
    @ParameterizedTest
    @CsvSource({"port-mapping, text", "port-mapping, json", "hairpin, text"})
    void theExampleFilesTraceAsTheBuiltinGoldens(String name, String format) throws IOException {
        CliRun r = CliRun.run("trace", "--file", "examples/" + name + ".yaml", "--format", format, "--color", "never");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        String golden = "golden/" + name + "." + (format.equals("json") ? "json" : "txt");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(golden)) {
            assertThat(in).as(golden).isNotNull();
            assertThat(r.out()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The VPN example: its route inside docker0's subnet sends the DNATed SYN to tun0, where FORWARD drops it. */
    @Test
    void theVpnExampleShowsTheRouteThatTakesThePublishedPortAway() {
        CliRun r = CliRun.run("trace", "--file", "examples/vpn-overlap.yaml", "--color", "never");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("host   tun0   route forward: 172.17.0.0/24 dev tun0 scope link, next hop 172.17.0.4",
                "=> DROPPED: packet 1 dropped in host: DROP by policy DROP of filter FORWARD",
                "filter FORWARD:4 -o docker0 -j DOCKER  => no match: -o docker0 did not match: out=tun0");
        CliRun routes = CliRun.run("trace", "--file", "examples/vpn-overlap.yaml", "--color", "never", "--then",
                "exec", "host", "--", "ip", "route");
        assertThat(routes.out()).contains("172.17.0.0/24 dev tun0 scope link \n");
    }

    /**
     * The legacy-backend host (kernel scenario): Docker's rules in iptables-legacy's tables, iptables-save's own
     * empty, and a table written with nft. The published port is DNATed to test2 as the kernel did (the legacy rules
     * are simulated; before the traffic nothing listens there yet), and the nft table is named, on standard error and under the trace in every format, as what netsim
     * does not simulate; not for a namespace the packets did not pass.
     */
    @Test
    void aHostWithLegacyRulesAndAnNftTableIsTracedWithItsCaveats() {
        String snapshot = "../fixtures/scenarios/legacy-backend/captured/snapshot-before";
        String table = "nftables table inet fwtest: input (input hook, priority 10, policy accept, 1 rule)";
        CliRun text = CliRun.run("trace", "--snapshot", snapshot, "--from", "ext", "--to", "192.168.1.10:8088",
                "--color", "never");
        assertThat(text.code()).isZero();
        assertThat(text.err()).isEqualTo("netsim: warning: host also runs " + table + "; netsim does not simulate it\n");
        assertThat(text.out()).contains("nat DOCKER:2 ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT"
                + " --to-destination 172.17.0.4:80  => match", "=> REFUSED: packet 1 refused by test2")
                .endsWith("\ncaution: the kernel also runs these chains, which netsim does not simulate; they may decide"
                        + " otherwise (nft list ruleset, iptables-legacy-save show them):\n   - host: " + table + "\n");
        CliRun json = CliRun.run("trace", "--snapshot", snapshot, "--from", "ext", "--to", "192.168.1.10:8088",
                "--format", "json");
        assertThat(json.out()).endsWith("  \"caveats\": [\n    \"host: " + table + "\"\n  ]\n}\n");
        CliRun html = CliRun.run("trace", "--snapshot", snapshot, "--from", "ext", "--to", "192.168.1.10:8088",
                "--format", "html");
        assertThat(html.out()).contains("<li><code>host: " + table + "</code></li>");
        // ext talking to its own address never reaches the host: no caveat.
        CliRun self = CliRun.run("trace", "--snapshot", snapshot, "--from", "ext", "--to", "192.168.1.20:80",
                "--color", "never");
        assertThat(self.out()).doesNotContain("caution");
    }

    /**
     * The MSS example: test1's upload leaves in 1460-byte segments (the server's MSS), too big for the host's eth0
     * (MTU 1400): each gets "fragmentation needed", the short last one arrives first and is held out of order; the
     * first error lowers test1's path MTU and the two segments' bytes go again in pieces of 1360 (as KernelPathMtuTest
     * holds the kernel's client to), after which the server reads
     * the whole body. Where the host drops its ICMP errors, nothing goes again (the black hole); with the file's TCPMSS
     * rule uncommented the SYN-ACK leaves the host with MSS 1360, and the upload fits from the start.
     */
    @Test
    void theMssExampleShowsPathMtuDiscoveryItsBlackHoleAndTheClampThatAvoidsBoth(@TempDir Path tmp)
            throws IOException {
        String example = "examples/mss-clamping.yaml";
        CliRun recovered = CliRun.run("trace", "--file", example, "--color", "never", "--width", "0");
        assertThat(recovered.err()).isEmpty();
        assertThat(recovered.out()).contains(
                "#4 test1: 172.17.0.2:43210 > 192.168.1.20:80 TCP [.] seq 1000001 ack 5000001 len 1460 ttl 64",
                "DROPPED: the datagram (1500 bytes, DF set) is larger than eth0's MTU 1400; the kernel answers ICMP"
                        + " fragmentation needed (next-hop MTU 1400)",
                "kernel: out of order (seq 1002921, expected 1000001): held until the gap is filled, duplicate ACK",
                "curl's connection to 192.168.1.20:80: fragmentation needed, next-hop MTU 1400: path MTU lowered to 1400"
                        + " (MSS 1360): the kernel sends the 2 unacknowledged segments too big for it again, in 3 pieces",
                "fragmentation needed, next-hop MTU 1400: path MTU already 1400: nothing to send again",
                "#9 test1: 172.17.0.2:43210 > 192.168.1.20:80 TCP [.] seq 1000001 ack 5000001 len 1360 ttl 64",
                "#10 test1: 172.17.0.2:43210 > 192.168.1.20:80 TCP [.] seq 1001361 ack 5000001 len 1360 ttl 64",
                "#11 test1: 172.17.0.2:43210 > 192.168.1.20:80 TCP [P.] seq 1002721 ack 5000001 len 200 ttl 64",
                "sent by kernel (retransmission for path MTU 1400)",
                "nginx reads 3148 bytes (with 228 bytes held out of order): POST / HTTP/1.1",
                "curl reads 43 bytes: HTTP/1.1 201 Created", "--clamp-mss-to-pmtu",
                "=> DELIVERED: 15 packets, 2 of them dropped on the way and their bytes sent again; the last to test1"
                        + " (curl reads 43 bytes: HTTP/1.1 201 Created)");
        String file = Files.readString(Path.of(example));
        Path blackHole = tmp.resolve("black-hole.yaml");
        Files.writeString(blackHole, file.replace("""
                      -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                      COMMIT
                """, """
                      -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                      COMMIT
                      *filter
                      :INPUT ACCEPT [0:0]
                      :FORWARD ACCEPT [0:0]
                      :OUTPUT ACCEPT [0:0]
                      -A OUTPUT -p icmp --icmp-type fragmentation-needed -j DROP
                      COMMIT
                """));
        CliRun hangs = CliRun.run("trace", "--file", blackHole.toString(), "--color", "never", "--width", "0");
        assertThat(hangs.out()).contains("DROPPED: DROP by rule filter OUTPUT:1",
                "=> DROPPED: packet 4 dropped in host").doesNotContain("retransmission").doesNotContain("nginx reads");
        Path fixed = tmp.resolve("fixed.yaml");
        Files.writeString(fixed, file.replace("      # -A FORWARD -p tcp", "      -A FORWARD -p tcp"));
        CliRun clamped = CliRun.run("trace", "--file", fixed.toString(), "--color", "never", "--width", "0");
        assertThat(clamped.out()).contains("tcp mss 1460 -> 1360 (TCPMSS, rule mangle FORWARD:1)",
                "#4 test1: 172.17.0.2:43210 > 192.168.1.20:80 TCP [.] seq 1000001 ack 5000001 len 1360 ttl 64",
                "nginx reads 3148 bytes: POST / HTTP/1.1",
                "=> DELIVERED: 9 packets, all delivered; the last to test1 (curl reads 43 bytes: HTTP/1.1 201 Created)");
    }

    /** The real dockerd + ufw host (kernel scenario docker-host-ufw): ufw guards the host's port, not the published one. */
    @Test
    void onAUfwHostDockersPublishedPortPassesWhereTheHostsOwnPortIsDropped() {
        String snapshot = "../fixtures/scenarios/docker-host-ufw/captured/snapshot-before";
        CliRun own = CliRun.run("trace", "--snapshot", snapshot, "--from", "ext", "--to", "192.168.1.10:22",
                "--color", "never");
        assertThat(own.out()).contains("filter ufw-after-logging-input:1 -m limit --limit 3/min --limit-burst 10"
                + " -j LOG --log-prefix \"[UFW BLOCK] \"  => match",
                "=> DROPPED: packet 1 dropped in host: DROP by policy DROP of filter INPUT",
                "this is ufw's default deny incoming: 'ufw allow PORT/PROTO' adds the ACCEPT to ufw-user-input");
        CliRun published = CliRun.run("trace", "--snapshot", snapshot, "--from", "ext", "--to", "192.168.1.10:8088",
                "--color", "never");
        assertThat(published.err()).isEmpty();
        assertThat(published.out()).contains("filter FORWARD:4 -o docker0 -j DOCKER  => match")
                .doesNotContain("ufw-before-forward").contains("=> DELIVERED");
    }

    @Test
    void traceOfASnapshotNeedsAnExchangeAndThenFollowsIt() {
        CliRun none = CliRun.run("trace", "--snapshot", SNAPSHOT);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip()).isEqualTo("trace: this world has no default exchange: give --from NS and --to"
                + " IP:PORT (see --help)");
        CliRun r = CliRun.run("trace", "--snapshot", SNAPSHOT, "--from", "ext", "--to", "192.168.1.10:8088", "--color", "never");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("netsim trace: scenario snapshot-before, flow ext -> 192.168.1.10:8088/tcp")
                .contains("DNAT").contains("veth-test2");
    }

    @Test
    void oneWorldOnlyAndErrorsAreOneLine(@TempDir Path tmp) throws IOException {
        CliRun two = CliRun.run("trace", "--scenario", "hairpin", "--file", EXAMPLE);
        assertThat(two.code()).isEqualTo(2);
        assertThat(two.err().strip()).isEqualTo("trace: give one world: --scenario, --snapshot or --file (see --help)");
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "namespaces:\n  - name: a\n    colour: red\n");
        CliRun file = CliRun.run("trace", "--file", bad.toString());
        assertThat(file.code()).isEqualTo(1);
        assertThat(file.err().strip()).doesNotContain("\n")
                .startsWith("trace: " + bad + ":3:5: namespaces[0].colour: unknown key 'colour'");
        CliRun snap = CliRun.run("replay", "--snapshot", tmp.resolve("nope").toString(), "--inject", "a:b=" + bad, "--out",
                tmp.toString());
        assertThat(snap.code()).isEqualTo(1);
        assertThat(snap.err().strip()).doesNotContain("\n").startsWith("replay: --snapshot: ").contains("nope");
        CliRun noWorld = CliRun.run("replay", "--inject", "a:b=" + bad, "--out", tmp.toString());
        assertThat(noWorld.code()).isEqualTo(2);
        assertThat(noWorld.err().strip()).isEqualTo("replay: no world: give --scenario NAME, --snapshot DIR or --file"
                + " FILE (see --help)");
    }

    @Test
    void replayRunsInASnapshotsWorld(@TempDir Path out) {
        CliRun r = CliRun.run("replay", "--snapshot", SNAPSHOT, "--emit", "ext:eth0=" + RUN.resolve("captures/ext/eth0.pcap"),
                "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("replayed ").contains("through snapshot-before");
        assertThat(out.resolve("host/docker0.pcap")).isNotEmptyFile();
        assertThat(out.resolve("test2/eth0.pcap")).isNotEmptyFile();
        assertThat(out.resolve("host/iptables-save-c.txt")).content().contains("DNAT");
    }

    @Test
    void replayRunsInAFilesWorld(@TempDir Path out) {
        CliRun r = CliRun.run("replay", "--file", EXAMPLE, "--inject", "host:eth0=" + RUN.resolve("captures/ext/eth0.pcap"),
                "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(out.resolve("host/eth0.pcap")).isNotEmptyFile();
    }

    @Test
    void snapshotHasHelpAndOneLineErrors(@TempDir Path tmp) {
        assertThat(CliRun.run("snapshot", "--help").out()).contains("--netns", "--out", "ROLE");
        assertThat(CliRun.run("--help").out()).contains("snapshot");
        CliRun missing = CliRun.run("snapshot", "--netns", "x");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("--out");
        CliRun role = CliRun.run("snapshot", "--netns", "../x=y", "--out", tmp.resolve("s").toString());
        assertThat(role.code()).isEqualTo(2);
        assertThat(role.err().strip()).startsWith("snapshot: --netns: role '../x' must be");
        CliRun twice = CliRun.run("snapshot", "--netns", "a=x,a=y", "--out", tmp.resolve("s").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("snapshot: --netns: role 'a' given twice (see --help)");
        assertThat(tmp.resolve("s")).doesNotExist();
    }
}
