package io.bridgelab.sim.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim trace --emit/--inject}: a real capture explained from the command line (the committed kernel run of
 * fixtures/scenarios/port-mapping), and the options that make an exchange up refused beside them.
 */
class TraceCapturesCliTest {
    private static final String RUN = "../fixtures/scenarios/port-mapping/captured/";
    private static final String SNAPSHOT = RUN + "snapshot-before";
    private static final String EXT = "ext:eth0=" + RUN + "captures/ext/eth0.sent.pcap";
    private static final String TEST2 = "test2:eth0=" + RUN + "captures/test2/eth0.sent.pcap";

    @Test
    void explainsTheCapturedExchangeAndRunsCommandsOnWhatItLeft() {
        CliRun r = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--emit", TEST2, "--then", "exec", "host",
                "--", "conntrack", "-L");
        assertThat(r.err()).isEqualTo("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("netsim trace: scenario snapshot-before, flow 14 frames replayed from what ext"
                        + " sent out of eth0 (eth0.sent.pcap) and what test2 sent out of eth0 (eth0.sent.pcap)\n")
                .contains("DNAT --to-destination 172.17.0.4:80  => match",
                        "DELIVERED to the replayed edge test2:eth0 (what it sends comes from its capture)",
                        "=> DELIVERED: 14 packets traced: 14 delivered, 0 dropped, 0 refused, 0 ignored or lost\n",
                        "host# conntrack -L\ntcp      6 120 TIME_WAIT src=192.168.1.20 dst=192.168.1.10 sport=55730"
                                + " dport=8088 src=172.17.0.4 dst=192.168.1.20 sport=80 dport=55730 [ASSURED]");
    }

    @Test
    void packetsLimitsWhatIsTracedNotWhatIsReplayed() {
        CliRun r = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--emit", TEST2, "--packets", "2",
                "--format", "json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"number\": 2,").doesNotContain("\"number\": 3,")
                .contains("2 packets traced: 2 delivered, 0 dropped, 0 refused, 0 ignored or lost; 12 more replayed"
                        + " untraced (past --packets)")
                .contains("\"counts\": {\"traced\": 2, \"delivered\": 2, \"dropped\": 0, \"refused\": 0, \"lost\": 0,"
                        + " \"untracedBefore\": 0, \"untracedAfter\": 12}");
        // An exchange has no counts.
        assertThat(CliRun.run("trace", "--format", "json").out()).doesNotContain("\"counts\"");
    }

    @Test
    void firstPacketStartsTheWindowDeepInTheCapture() {
        CliRun r = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--emit", TEST2, "--first-packet", "13",
                "--packets", "5");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\n#13 ext: ", "\n#14 test2: ").doesNotContain("\n#12 ", "\n#15 ")
                .contains("=> DELIVERED: 2 packets traced: 2 delivered, 0 dropped, 0 refused, 0 ignored or lost; 12"
                        + " before them replayed untraced (--first-packet)\n");

        CliRun past = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--first-packet", "100");
        assertThat(past.code()).isZero();
        assertThat(past.out()).contains("=> INCOMPLETE: no packet traced: the replay made 13 packets, fewer than"
                + " --first-packet asks to skip");

        CliRun exchange = CliRun.run("trace", "--first-packet", "2");
        assertThat(exchange.code()).isEqualTo(2);
        assertThat(exchange.err())
                .contains("--first-packet is for a replayed capture: give --emit, --inject or --local");
        CliRun zero = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--first-packet", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--first-packet must be at least 1: 0");
    }

    @Test
    void lingerRunsTheKernelsTimersPastTheLastFrame() {
        String run = "../fixtures/scenarios/fragment-timeout/captured/";
        String[] args = {"trace", "--snapshot", run + "snapshot-before", "--emit",
                "ext:eth0=" + run + "captures/ext/eth0.sent.pcap"};
        CliRun stopped = CliRun.run(args);
        assertThat(stopped.code()).isZero();
        assertThat(stopped.out()).doesNotContain("ICMP time exceeded").contains("=> INCOMPLETE: packet 2 waits in"
                + " host for the rest of its datagram");
        CliRun lingered = CliRun.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--linger", "1.5")).toArray(String[]::new));
        assertThat(lingered.code()).isZero();
        assertThat(lingered.out()).contains("ICMP time exceeded", "=> DROPPED: packet 2 dropped in host: ip_expire: ",
                "why:  reassembly: ip_expire: ");

        CliRun exchange = CliRun.run("trace", "--linger", "1");
        assertThat(exchange.code()).isEqualTo(2);
        assertThat(exchange.err()).contains("--linger is for a replayed capture: give --emit, --inject or --local");
        CliRun negative = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--linger", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--linger: SECONDS is a number from 0 to 86400 (a day), got -1.0");
    }

    @Test
    void aHostsOwnProgramsComeFromItsLocalOutputCapture() {
        // The real dockerd host: docker-proxy and the host's curl sent what local-output.nflog holds.
        String run = "../fixtures/scenarios/docker-host/captured/";
        String host = run + "captures/host/";
        CliRun r = CliRun.run("trace", "--snapshot", run + "snapshot-before",
                "--emit", "ext:eth0=" + run + "captures/ext/eth0.sent.pcap",
                "--emit", "test1:eth0=" + run + "captures/test1/eth0.sent.pcap",
                "--emit", "test2:eth0=" + run + "captures/test2/eth0.sent.pcap",
                "--local", "host=" + host + "local-output.nflog," + host + "eth0.sent.pcap," + host
                        + "docker0.sent.pcap," + host + "lo.pcap", "--packets", "1000");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(" and what host's programs sent (local-output.nflog)\n",
                "sent by replayed program (local-output.nflog)")
                .containsPattern("=> DELIVERED: \\d+ packets traced: \\d+ delivered, 0 dropped, 0 refused, 0 ignored or"
                        + " lost\n");

        CliRun bad = CliRun.run("trace", "--snapshot", run + "snapshot-before", "--local", "host");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--local wants NS=NFLOG.pcap[,SENT.pcap...], got 'host'");
        CliRun notNflog = CliRun.run("trace", "--snapshot", run + "snapshot-before", "--local",
                "host=" + host + "eth0.pcap");
        assertThat(notNflog.code()).isEqualTo(1);
        assertThat(notNflog.err()).contains("eth0.pcap: link type 1, want NFLOG (239, tcpdump -i nflog:GROUP)");
    }

    @Test
    void anExchangesOptionsAndBadCapturesAreRefusedByName() {
        CliRun from = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--from", "ext");
        assertThat(from.code()).isEqualTo(2);
        assertThat(from.err()).startsWith("trace: --from makes an exchange up; with --emit, --inject or --local the"
                + " captures are the traffic: give one or the other");
        CliRun to = CliRun.run("trace", "--emit", EXT, "--to", "192.168.1.10:8088");
        assertThat(to.code()).isEqualTo(2);
        assertThat(to.err()).contains("--to makes an exchange up");

        CliRun spec = CliRun.run("trace", "--snapshot", SNAPSHOT, "--inject", "host=x.pcap");
        assertThat(spec.code()).isEqualTo(2);
        assertThat(spec.err()).contains("--inject wants NS:IFACE=FILE.pcap, got 'host=x.pcap'");

        CliRun missing = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", "ext:eth0=" + RUN + "nothing.pcap");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("--emit: cannot read ", "nothing.pcap (no such file)");

        CliRun node = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", "nobody:eth0=" + RUN
                + "captures/ext/eth0.sent.pcap");
        assertThat(node.code()).isEqualTo(1);
        assertThat(node.err()).contains("nobody");

        CliRun zero = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", EXT, "--packets", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--packets must be at least 1: 0");

        CliRun notPcap = CliRun.run("trace", "--snapshot", SNAPSHOT, "--emit", "ext:eth0=" + SNAPSHOT + "/link.json");
        assertThat(notPcap.code()).isEqualTo(1);
        assertThat(notPcap.err()).contains("link.json");
    }
}
