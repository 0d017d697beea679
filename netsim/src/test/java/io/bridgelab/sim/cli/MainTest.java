package io.bridgelab.sim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    /** The port-mapping fixture's real captures, one folder per namespace. */
    private static final String CAPTURES = "../fixtures/scenarios/port-mapping/captured/captures/";

    @Test
    void scenariosListsOneLinePerScenarioWithTheArticleFirst() {
        CliRun r = CliRun.run("scenarios");
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("port-mapping ").contains("8088");
        assertThat(lines).anyMatch(l -> l.startsWith("container-to-container "));
    }

    @Test
    void helpWorksOnEveryCommand() {
        assertThat(CliRun.run("--help").out()).contains("trace", "scenarios");
        assertThat(CliRun.run("trace", "--help").out()).contains("--scenario", "--from", "--to", "--proto", "--packets",
                "--format");
        assertThat(CliRun.run("scenarios", "--help").code()).isZero();
    }

    @Test
    void anUnknownScenarioIsOneClearLineAndExitOne() {
        CliRun r = CliRun.run("trace", "--scenario", "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("no built-in scenario 'nope'", "port-mapping");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionValuesAreOneLineUsageErrors() {
        CliRun proto = CliRun.run("trace", "--proto", "sctp");
        assertThat(proto.code()).isEqualTo(2);
        assertThat(proto.err().strip()).isEqualTo("trace: --proto must be tcp, udp or icmp: 'sctp' (see --help)");
        CliRun to = CliRun.run("trace", "--to", "300.1.1.1:80");
        assertThat(to.code()).isEqualTo(2);
        assertThat(to.err().strip()).startsWith("trace: --to: not an IPv4 address");
        CliRun port = CliRun.run("trace", "--to", "192.168.1.10:99999");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err().strip()).isEqualTo("trace: --to: port out of 1..65535: 99999 (see --help)");
        CliRun v6 = CliRun.run("trace", "--to", "::1");
        assertThat(v6.code()).isEqualTo(2);
        assertThat(v6.err().strip()).isEqualTo("trace: --to wants IPv4[:PORT], got '::1' (IPv6 is not simulated)"
                + " (see --help)");
        for (String[] args : new String[][] {{"trace", "--packets", "0"}, {"trace", "--width", "-3"}, {"exec", "host"}}) {
            CliRun r = CliRun.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").endsWith("(see --help)");
            assertThat(r.out()).isEmpty();
        }
        CliRun unknown = CliRun.run("trace", "--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("--frobnicate");
        CliRun node = CliRun.run("trace", "--from", "mars");
        assertThat(node.err().strip()).contains("no node named 'mars'");
    }

    @Test
    void theSendersKernelRefusesTcpAndUnaskedBroadcastsToABroadcastAddress() {
        // 192.168.1.255 is the broadcast of the client's own 192.168.1.0/24: no packet leaves, as with the real tools.
        CliRun tcp = CliRun.run("trace", "--from", "client", "--to", "192.168.1.255:80");
        assertThat(tcp.code()).isEqualTo(1);
        assertThat(tcp.out()).isEmpty();
        assertThat(tcp.err().strip()).startsWith("trace: client: curl: connect() to 192.168.1.255 fails")
                .contains("ENETUNREACH");
        CliRun ping = CliRun.run("trace", "--from", "client", "--to", "192.168.1.255", "--proto", "icmp");
        assertThat(ping.err()).contains("ping -b");
        // The host has a default route, so these are routed, and refused for what they are.
        CliRun docker0 = CliRun.run("trace", "--from", "host", "--to", "172.17.255.255:80");
        assertThat(docker0.err()).contains("connect() to 172.17.255.255 fails", "broadcast", "ENETUNREACH");
        CliRun multicast = CliRun.run("trace", "--from", "host", "--to", "224.0.0.1:80");
        assertThat(multicast.err()).contains("multicast", "ENETUNREACH");
        CliRun udp = CliRun.run("trace", "--from", "host", "--to", "255.255.255.255:53", "--proto", "udp");
        assertThat(udp.err()).contains("SO_BROADCAST", "EACCES");
        // A broadcast address of a subnet the sender does not have is an address like any other: it is sent.
        CliRun remote = CliRun.run("trace", "--from", "host", "--to", "10.255.255.255:80");
        assertThat(remote.code()).isZero();
        assertThat(remote.err()).isEmpty();
    }

    @Test
    void fromToAndProtoOverrideTheScenariosFlow() {
        CliRun r = CliRun.run("trace", "--from", "test1", "--to", "172.17.0.4", "--proto", "icmp", "--packets", "2",
                "--color", "never");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("flow test1 -> 172.17.0.4/icmp", "#2 test2: 172.17.0.4 > 172.17.0.2 ICMP echo reply",
                "=> DELIVERED");
    }

    @Test
    void jsonIsTheDocumentedSchema() {
        CliRun r = CliRun.run("trace", "--format", "json", "--packets", "1");
        assertThat(r.out()).startsWith("{\n  \"schema\": \"bridgelab.netsim.trace/1\"")
                .contains("\"kind\": \"generated\"", "\"disposition\": {\"kind\": ");
    }

    @Test
    void replayWritesEveryInterfacesCaptureCountersAndConntrack(@TempDir Path out) {
        CliRun r = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext:eth0=" + CAPTURES
                + "ext/eth0.pcap", "--emit", "test2:eth0=" + CAPTURES + "test2/eth0.pcap", "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("replayed 14 frames through fixture-port-mapping; wrote 7 captures");
        assertThat(out.resolve("host/docker0.pcap")).exists();
        assertThat(out.resolve("host/iptables-save-c.txt")).content().contains("[1:60] -A DOCKER ! -i docker0");
        assertThat(out.resolve("host/conntrack.txt")).content().contains("TIME_WAIT src=192.168.1.20");
    }

    @Test
    void replayCapturesOnlyTheChosenInterfacesAndTheyEqualTheFullReplays(@TempDir Path dir) throws Exception {
        String[] edges = {"--emit", "ext:eth0=" + CAPTURES + "ext/eth0.pcap",
                "--emit", "test2:eth0=" + CAPTURES + "test2/eth0.pcap"};
        Path all = dir.resolve("all");
        Path some = dir.resolve("some");
        assertThat(CliRun.run(replay(edges, "--out", all.toString())).code()).isZero();
        CliRun r = CliRun.run(replay(edges, "--out", some.toString(), "--capture", "host:docker0,test2:eth0"));
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("replayed 14 frames through fixture-port-mapping; wrote 2 captures");
        try (var files = Files.walk(some)) {
            assertThat(files.filter(f -> f.toString().endsWith(".pcap")).map(f -> some.relativize(f).toString()))
                    .containsExactlyInAnyOrder("host/docker0.pcap", "test2/eth0.pcap");
        }
        for (String f : new String[] {"host/docker0.pcap", "test2/eth0.pcap", "host/iptables-save-c.txt",
                "host/conntrack.txt"}) {
            assertThat(some.resolve(f)).hasSameBinaryContentAs(all.resolve(f));
        }
    }

    @Test
    void replayWithCaptureNoneWritesOnlyTheNetfilterState(@TempDir Path out) {
        CliRun r = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext:eth0=" + CAPTURES
                + "ext/eth0.pcap", "--capture", "none", "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("replayed 7 frames through fixture-port-mapping; wrote 0 captures");
        assertThat(out.resolve("host/docker0.pcap")).doesNotExist();
        assertThat(out.resolve("host/iptables-save-c.txt")).exists();
    }

    @Test
    void replayRejectsAnUnknownCaptureInterfaceBeforeWritingAnything(@TempDir Path dir) {
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext:eth0=" + CAPTURES
                + "ext/eth0.pcap", "--capture", "host:eth0,host:eth9", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("replay: --capture: no interface 'host:eth9' in this world").contains("host:docker0");
        assertThat(out).doesNotExist();
        CliRun both = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext:eth0=" + CAPTURES
                + "ext/eth0.pcap", "--capture", "none,host:eth0", "--out", out.toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip()).isEqualTo("replay: --capture: 'none' cannot be given with interfaces, got"
                + " none,host:eth0 (see --help)");
        assertThat(out).doesNotExist();
    }

    private static String[] replay(String[] edges, String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "--scenario", "fixture-port-mapping"));
        args.addAll(List.of(edges));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void replayRefusesAnOutputFolderThatIsNotEmptyOrIsAFile(@TempDir Path dir) throws Exception {
        String[] edges = {"--emit", "ext:eth0=" + CAPTURES + "ext/eth0.pcap"};
        Path out = dir.resolve("out");
        assertThat(CliRun.run(replay(edges, "--out", out.toString())).code()).isZero();
        byte[] before = Files.readAllBytes(out.resolve("host/eth0.pcap"));
        CliRun again = CliRun.run(replay(edges, "--capture", "host:docker0", "--out", out.toString()));
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("replay: --out: " + out + " is not empty: a replay writes into a new"
                + " or empty folder, so that every file in it is this run's (remove it or name another)");
        assertThat(out.resolve("host/eth0.pcap")).hasBinaryContent(before);
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun onFile = CliRun.run(replay(edges, "--out", file.toString()));
        assertThat(onFile.code()).isEqualTo(1);
        assertThat(onFile.err().strip()).isEqualTo("replay: --out: " + file + " is a file, not a folder");
        assertThat(file).hasContent("x");
    }

    @Test
    void replayErrorsNameTheCaptureTheyAreAbout(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Path.of(CAPTURES + "test2/eth0.pcap"));
        Path truncated = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(whole, 100));
        CliRun cut = CliRun.run(replay(new String[] {"--emit", "ext:eth0=" + CAPTURES + "ext/eth0.pcap",
                "--emit", "test2:eth0=" + truncated}, "--out", dir.resolve("o1").toString()));
        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.err().strip()).doesNotContain("\n").startsWith("replay: " + truncated + ": at byte ")
                .contains("truncated");
        CliRun folder = CliRun.run(replay(new String[] {"--emit", "ext:eth0=" + dir}, "--out",
                dir.resolve("o2").toString()));
        assertThat(folder.code()).isEqualTo(1);
        assertThat(folder.err().strip()).isEqualTo("replay: --emit: " + dir + " is a folder, not a capture file");
        CliRun missing = CliRun.run(replay(new String[] {"--inject", "ext:eth0=" + dir.resolve("no.pcap")}, "--out",
                dir.resolve("o3").toString()));
        assertThat(missing.err().strip()).isEqualTo("replay: --inject: cannot read " + dir.resolve("no.pcap")
                + " (no such file)");
        assertThat(dir.resolve("o2")).doesNotExist();
        assertThat(dir.resolve("o3")).doesNotExist();
    }

    @Test
    void replayWritesEveryNamespacesNetfilterStateEvenWithoutFrames(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(Path.of(CAPTURES + "ext/eth0.pcap"));
        Path header = Files.write(dir.resolve("header-only.pcap"), java.util.Arrays.copyOf(whole, 24));
        Path out = dir.resolve("out");
        CliRun r = CliRun.run(replay(new String[] {"--emit", "ext:eth0=" + header}, "--out", out.toString()));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("replayed 0 frames through fixture-port-mapping; wrote 0 captures to " + out);
        // The host's ruleset with zero counters; namespaces without rules have no tables and no conntrack: empty.
        assertThat(out.resolve("host/iptables-save-c.txt")).content().contains("[0:0] -A DOCKER ! -i docker0");
        assertThat(out.resolve("host/conntrack.txt")).isEmptyFile();
        for (String node : new String[] {"ext", "test1", "test2"}) {
            assertThat(out.resolve(node + "/iptables-save-c.txt")).isEmptyFile();
            assertThat(out.resolve(node + "/conntrack.txt")).isEmptyFile();
        }
    }

    @Test
    void replayRejectsAMalformedEdgeInOneLine() {
        CliRun r = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext=x.pcap", "--out", "/tmp/x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("replay: --emit wants NS:IFACE=FILE.pcap, got 'ext=x.pcap' (see --help)");
    }

    @Test
    void pipedTextHasNoColour() {
        assertThat(CliRun.run("trace").out()).doesNotContain("\u001b[");
        assertThat(CliRun.run("trace", "--color", "always").out()).contains("\u001b[");
    }
}
