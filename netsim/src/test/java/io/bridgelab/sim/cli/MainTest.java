package io.bridgelab.sim.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void scenariosListsOneLinePerScenarioWithTheArticleFirst() {
        Run r = run("scenarios");
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("port-mapping ").contains("8088");
        assertThat(lines).anyMatch(l -> l.startsWith("container-to-container "));
    }

    @Test
    void helpWorksOnEveryCommand() {
        assertThat(run("--help").out()).contains("trace", "scenarios");
        assertThat(run("trace", "--help").out()).contains("--scenario", "--from", "--to", "--proto", "--packets",
                "--format");
        assertThat(run("scenarios", "--help").code()).isZero();
    }

    @Test
    void anUnknownScenarioIsOneClearLineAndExitOne() {
        Run r = run("trace", "--scenario", "nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("no built-in scenario 'nope'", "port-mapping");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionValuesAreOneLineErrors() {
        Run proto = run("trace", "--proto", "sctp");
        assertThat(proto.code()).isEqualTo(1);
        assertThat(proto.err().strip()).isEqualTo("trace: --proto must be tcp, udp or icmp: 'sctp'");
        Run to = run("trace", "--to", "300.1.1.1:80");
        assertThat(to.code()).isEqualTo(1);
        assertThat(to.err().strip()).startsWith("trace: --to: not an IPv4 address");
        Run unknown = run("trace", "--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("--frobnicate");
        Run node = run("trace", "--from", "mars");
        assertThat(node.err().strip()).contains("no node named 'mars'");
    }

    @Test
    void fromToAndProtoOverrideTheScenariosFlow() {
        Run r = run("trace", "--from", "test1", "--to", "172.17.0.4", "--proto", "icmp", "--packets", "2",
                "--color", "never");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("flow test1 -> 172.17.0.4/icmp", "#2 test2: 172.17.0.4 > 172.17.0.2 ICMP echo reply",
                "=> DELIVERED");
    }

    @Test
    void jsonIsTheDocumentedSchema() {
        Run r = run("trace", "--format", "json", "--packets", "1");
        assertThat(r.out()).startsWith("{\n  \"schema\": \"bridgelab.netsim.trace/1\"")
                .contains("\"kind\": \"generated\"", "\"disposition\": {\"kind\": ");
    }

    @Test
    void pipedTextHasNoColour() {
        assertThat(run("trace").out()).doesNotContain("\u001b[");
        assertThat(run("trace", "--color", "always").out()).contains("\u001b[");
    }
}
