package io.bridgelab.sim.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trace --size}: a big ping or datagram from a container through the mtu fixture's host, whose eth0 has MTU
 * 1400 while the containers have 1500.
 */
class TraceSizeCliTest {
    private static final String MTU_HOST = "../fixtures/scenarios/mtu/captured/snapshot";

    @Test
    void aPingThatDoesNotFitTheHostsWayOutIsAnsweredWithFragmentationNeeded() {
        CliRun r = CliRun.run("trace", "--snapshot", MTU_HOST, "--from", "test1", "--to", "192.168.1.20", "--proto",
                "icmp", "--size", "1500", "--explain-drop", "--color", "never", "--width", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("flow test1 -> 192.168.1.20/icmp (1500 bytes)",
                "the datagram (1500 bytes, DF set) is larger than eth0's MTU 1400; the kernel answers ICMP"
                        + " fragmentation needed (next-hop MTU 1400)", "--clamp-mss-to-pmtu");
    }

    @Test
    void aPingThatFitsGetsItsReply() {
        CliRun r = CliRun.run("trace", "--snapshot", MTU_HOST, "--from", "test1", "--to", "192.168.1.20", "--proto",
                "icmp", "--size", "1400", "--packets", "2", "--color", "never", "--width", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("DELIVERED").doesNotContain("fragmentation needed");
    }

    /**
     * Bigger than the sender's own MTU: Linux's path MTU discovery sends it without DF, in fragments, which
     * br_netfilter reassembles; routed from the bridge device (ip_rcv clears frag_max_size), it is cut for eth0.
     */
    @Test
    void aDatagramBiggerThanTheSendersMtuLeavesInFragmentsAndIsCutAgainByTheHost() {
        CliRun r = CliRun.run("trace", "--snapshot", MTU_HOST, "--from", "test1", "--to", "192.168.1.20:9", "--proto",
                "udp", "--size", "3000", "--packets", "3", "--color", "never", "--width", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("3 fragments: 1500 + 1500 + 40 bytes",
                "br_netfilter's nf_defrag_ipv4: reassembled from 3 fragments into 3000 bytes",
                "3 fragments: 1396 + 1396 + 248 bytes (ip_fragment: larger than eth0's MTU 1400",
                "ip_local_deliver's ip_defrag: reassembled from 3 fragments into 3000 bytes");
    }

    /** The mtu-mismatch fixture: host eth0 at 1400 facing ext's 1500, test2's bridge port at 1400. */
    private static final String MISMATCH = "../fixtures/scenarios/mtu-mismatch/captured/snapshot-before";

    @Test
    void aLinkWhoseFarEndHasASmallerMtuDropsTheFrameSilently() {
        CliRun r = CliRun.run("trace", "--snapshot", MISMATCH, "--from", "ext", "--to", "192.168.1.10", "--proto",
                "icmp", "--size", "1405", "--explain-drop", "--color", "never", "--width", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("the frame (1419 bytes) is longer than eth0's MTU 1400 allows (1418 with the link"
                + " header and a VLAN tag's room): veth_xmit drops it, counted in eth0's TX dropped", "why:  mtu:");
        CliRun fits = CliRun.run("trace", "--snapshot", MISMATCH, "--from", "ext", "--to", "192.168.1.10", "--proto",
                "icmp", "--size", "1404", "--packets", "2", "--color", "never");
        assertThat(fits.out()).as("MTU + 4 still crosses a veth").contains("DELIVERED");
    }

    @Test
    void aBridgePortWithASmallerMtuDropsADatagramWithDf() {
        CliRun r = CliRun.run("trace", "--snapshot", MISMATCH, "--from", "test1", "--to", "172.17.0.4:9", "--proto",
                "udp", "--size", "1404", "--explain-drop", "--color", "never", "--width", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("the datagram (1404 bytes, DF set) does not fit veth-test2's MTU 1400:"
                + " br_nf_ip_fragment drops it (EMSGSIZE, no ICMP error)", "why:  mtu:", "same MTU");
    }

    @Test
    void badSizesAreRefused() {
        CliRun small = CliRun.run("trace", "--from", "test1", "--to", "192.168.1.20", "--proto", "icmp", "--size", "27");
        assertThat(small.code()).isEqualTo(2);
        assertThat(small.err().strip()).isEqualTo("trace: --size must be 28..65535 (IP and UDP or ICMP headers"
                + " included): 27 (see --help)");
        CliRun tcp = CliRun.run("trace", "--size", "0");
        assertThat(tcp.code()).isEqualTo(2);
        assertThat(tcp.err().strip()).isEqualTo("trace: --size must be 1..65535 for tcp (the POST's body): 0 (see --help)");
    }

    /**
     * TCP: curl's POST of 3000 bytes leaves the client in segments of the MSS the container announced (1460), the
     * last with PSH; the server reads the whole body once that one is in, and the exchange grows by those segments and
     * their ACKs without --packets.
     */
    @Test
    void aTcpPostIsCutIntoSegmentsOfTheMss() {
        CliRun r = CliRun.run("trace", "--size", "3000", "--color", "never", "--width", "0");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains(
                "#4 client: 192.168.1.20:43210 > 192.168.1.10:8088 TCP [.] seq 1000001 ack 5000001 len 1460 ttl 64",
                "#5 client: 192.168.1.20:43210 > 192.168.1.10:8088 TCP [.] seq 1001461 ack 5000001 len 1460 ttl 64",
                "#6 client: 192.168.1.20:43210 > 192.168.1.10:8088 TCP [P.] seq 1002921 ack 5000001 len 233 ttl 64",
                "sent by curl (request), segment 3 of 3", "kernel: 1460 bytes queued for nginx (no PSH: more follows)",
                "nginx reads 3153 bytes: POST / HTTP/1.1",
                "=> DELIVERED: 9 packets, all delivered; the last to client (curl reads 225 bytes: HTTP/1.1 200 OK)");
    }
}
