package io.bridgelab.sim.cli;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** {@code netsim exec} and {@code netsim trace --then exec} through the command line. */
class ExecCommandTest {
    @Test
    void execShowsTheScenariosInitialStateWithOrWithoutTheSeparator() {
        CliRun withSeparator = CliRun.run("exec", "host", "--", "iptables", "-t", "nat", "-nvL", "PREROUTING");
        assertThat(withSeparator.code()).isZero();
        assertThat(withSeparator.out()).startsWith("Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n")
                .contains("DOCKER     0    --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match"
                        + " dst-type LOCAL");
        assertThat(CliRun.run("exec", "host", "iptables", "-t", "nat", "-nvL", "PREROUTING")).isEqualTo(withSeparator);
        CliRun scenario = CliRun.run("exec", "--scenario", "isolated-networks", "host", "--", "brctl", "show");
        assertThat(scenario.code()).isZero();
        assertThat(scenario.out().lines()).hasSizeGreaterThan(2);
    }

    @Test
    void anUnsupportedCommandIsOneLineListingTheSupportedOnesAndExitsNonZero() {
        CliRun r = CliRun.run("exec", "host", "--", "ss", "-x");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n")
                .startsWith("exec: unsupported command 'ss -x'")
                .contains("supported: ip a|addr|link", "brctl showmacs BR", "iptables-save [-c]", "conntrack -L");
    }

    @Test
    void theToolsOwnErrorsKeepTheirTextAndStatus() {
        CliRun r = CliRun.run("exec", "host", "--", "iptables", "-nvL", "NOPE");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(
                "iptables v1.8.9 (nf_tables): chain `NOPE' in table `filter' is incompatible, use 'nft' tool.\n");
        CliRun node = CliRun.run("exec", "nope", "--", "ip", "a");
        assertThat(node.code()).isEqualTo(1);
        assertThat(node.err().strip()).isEqualTo("exec: no node named 'nope' (have: client, host, test1, test2)");
    }

    @Test
    void traceThenExecShowsTheStateTheTrafficLeft() {
        CliRun r = CliRun.run("trace", "--color", "never", "--then", "exec", "host", "--", "iptables", "-t", "nat", "-nvL", "DOCKER",
                "--then", "exec", "host", "conntrack", "-L");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("=> DELIVERED")
                .contains("\nhost# iptables -t nat -nvL DOCKER\nChain DOCKER (2 references)\n")
                .contains("    1    44 DNAT       6    --  !docker0 *")
                .endsWith("\nhost# conntrack -L\ntcp      6 432000 ESTABLISHED src=192.168.1.20 dst=192.168.1.10"
                        + " sport=43210 dport=8088 src=172.17.0.4 dst=192.168.1.20 sport=80 dport=43210 [ASSURED]"
                        + " mark=0 use=1\n");
        assertThat(r.out().indexOf("=> DELIVERED")).isLessThan(r.out().indexOf("host# iptables"));
        assertThat(r.err()).isEqualTo("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
    }

    @Test
    void aBadThenCommandFailsBeforeAnyTraceIsPrinted() {
        CliRun unsupported = CliRun.run("trace", "--then", "exec", "host", "--", "tcpdump", "-XX", "-i", "eth0");
        assertThat(unsupported.code()).isEqualTo(1);
        assertThat(unsupported.out()).isEmpty();
        assertThat(unsupported.err().strip()).doesNotContain("\n")
                .startsWith("trace: unsupported command 'tcpdump -XX -i eth0'");
        CliRun node = CliRun.run("trace", "--then", "exec", "nope", "--", "ip", "a");
        assertThat(node.out()).isEmpty();
        assertThat(node.err()).contains("no node named 'nope'");
        CliRun shape = CliRun.run("trace", "--then", "ip", "a");
        assertThat(shape.code()).isEqualTo(2);
        assertThat(shape.err()).contains("--then wants 'exec NODE -- COMMAND'");
        CliRun json = CliRun.run("trace", "--format", "json", "--then", "exec", "host", "--", "ip", "a");
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.err()).contains("--format text");
    }

    @Test
    void aFailingThenCommandMakesTheExitStatusNonZero() {
        CliRun r = CliRun.run("trace", "--color", "never", "--then", "exec", "host", "--", "iptables", "-S", "NOPE");
        assertThat(r.out()).contains("=> DELIVERED", "host# iptables -S NOPE");
        assertThat(r.err()).contains("chain `NOPE' in table `filter' is incompatible");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void helpNamesTheSupportedCommands() {
        CliRun r = CliRun.run("exec", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("NODE", "COMMAND", "--scenario", "conntrack -L");
        assertThat(CliRun.run("trace", "--help").out()).contains("--then");
    }
}
