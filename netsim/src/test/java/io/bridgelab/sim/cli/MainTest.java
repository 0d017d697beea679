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
    void badOptionValuesAreOneLineErrors() {
        CliRun proto = CliRun.run("trace", "--proto", "sctp");
        assertThat(proto.code()).isEqualTo(1);
        assertThat(proto.err().strip()).isEqualTo("trace: --proto must be tcp, udp or icmp: 'sctp'");
        CliRun to = CliRun.run("trace", "--to", "300.1.1.1:80");
        assertThat(to.code()).isEqualTo(1);
        assertThat(to.err().strip()).startsWith("trace: --to: not an IPv4 address");
        CliRun unknown = CliRun.run("trace", "--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("--frobnicate");
        CliRun node = CliRun.run("trace", "--from", "mars");
        assertThat(node.err().strip()).contains("no node named 'mars'");
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
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("replay: --capture: no interface 'host:eth9' in this world").contains("host:docker0");
        assertThat(out).doesNotExist();
        CliRun both = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext:eth0=" + CAPTURES
                + "ext/eth0.pcap", "--capture", "none,host:eth0", "--out", out.toString());
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err().strip()).isEqualTo("replay: --capture: 'none' cannot be given with interfaces, got"
                + " none,host:eth0");
        assertThat(out).doesNotExist();
    }

    private static String[] replay(String[] edges, String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "--scenario", "fixture-port-mapping"));
        args.addAll(List.of(edges));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void replayRejectsAMalformedEdgeInOneLine() {
        CliRun r = CliRun.run("replay", "--scenario", "fixture-port-mapping", "--emit", "ext=x.pcap", "--out", "/tmp/x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("replay: --emit wants NS:IFACE=FILE.pcap, got 'ext=x.pcap'");
    }

    @Test
    void pipedTextHasNoColour() {
        assertThat(CliRun.run("trace").out()).doesNotContain("\u001b[");
        assertThat(CliRun.run("trace", "--color", "always").out()).contains("\u001b[");
    }
}
