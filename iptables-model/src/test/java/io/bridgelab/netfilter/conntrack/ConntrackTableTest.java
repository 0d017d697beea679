package io.bridgelab.netfilter.conntrack;

import static io.bridgelab.netfilter.conntrack.TestPackets.echo;
import static io.bridgelab.netfilter.conntrack.TestPackets.icmpError;
import static io.bridgelab.netfilter.conntrack.TestPackets.ip;
import static io.bridgelab.netfilter.conntrack.TestPackets.tcp;
import static io.bridgelab.netfilter.conntrack.TestPackets.udp;
import static io.bridgelab.netfilter.packet.TcpFlags.ACK;
import static io.bridgelab.netfilter.packet.TcpFlags.FIN;
import static io.bridgelab.netfilter.packet.TcpFlags.RST;
import static io.bridgelab.netfilter.packet.TcpFlags.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import org.junit.jupiter.api.Test;

class ConntrackTableTest {
    private final ConntrackTable table = new ConntrackTable(Timeouts.DEFAULT, 1);

    /** Tracks, binds null NAT both ways (as hooks without nat rules do) and confirms. */
    private Tracked pass(Packet p, long now) {
        Tracked t = table.track(p, now);
        if (t.isUnconfirmed()) {
            table.bindNull(t.connection(), NatManip.DESTINATION);
            table.bindNull(t.connection(), NatManip.SOURCE);
        }
        table.confirm(t);
        return t;
    }

    @Test
    void tcpHandshakeAndCloseWalkTheKernelStates() {
        String c = "192.168.1.20";
        String s = "192.168.1.10";
        Tracked syn = pass(tcp(c, 40000, s, 80, SYN), 0);
        assertThat(syn.state()).isEqualTo(PacketState.NEW);
        Connection ct = syn.connection();
        assertThat(ct.tcpState()).isEqualTo(TcpState.SYN_SENT);
        assertThat(ct.secondsLeft(0)).isEqualTo(120);
        Tracked synAck = pass(tcp(s, 80, c, 40000, SYN | ACK), 10);
        assertThat(synAck.direction()).isEqualTo(Direction.REPLY);
        assertThat(synAck.state()).isEqualTo(PacketState.ESTABLISHED);
        assertThat(ct.tcpState()).isEqualTo(TcpState.SYN_RECV);
        pass(tcp(c, 40000, s, 80, ACK), 20);
        assertThat(ct.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(ct.has(Status.ASSURED)).isTrue();
        assertThat(ct.secondsLeft(20)).isEqualTo(432_000);
        pass(tcp(s, 80, c, 40000, FIN | ACK), 30);
        assertThat(ct.tcpState()).isEqualTo(TcpState.FIN_WAIT);
        pass(tcp(c, 40000, s, 80, ACK), 40);
        assertThat(ct.tcpState()).isEqualTo(TcpState.CLOSE_WAIT);
        pass(tcp(c, 40000, s, 80, FIN | ACK), 50);
        assertThat(ct.tcpState()).isEqualTo(TcpState.LAST_ACK);
        pass(tcp(s, 80, c, 40000, ACK), 60);
        assertThat(ct.tcpState()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(ConntrackListing.line(ct, 1060)).isEqualTo(
                "tcp      6 119 TIME_WAIT src=192.168.1.20 dst=192.168.1.10 sport=40000 dport=80 "
                        + "src=192.168.1.10 dst=192.168.1.20 sport=80 dport=40000 [ASSURED] mark=0 use=1");
        assertThat(table.connections(60 + 120_000)).isEmpty();
    }

    @Test
    void aPacketDroppedBeforeConfirmLeavesNoEntry() {
        Tracked t = table.track(tcp("10.0.0.1", 1234, "10.0.0.2", 80, SYN), 0);
        assertThat(t.state()).isEqualTo(PacketState.NEW);
        assertThat(table.connections(0)).isEmpty();
        assertThat(table.track(tcp("10.0.0.2", 80, "10.0.0.1", 1234, SYN | ACK), 1)).isEqualTo(Tracked.INVALID);
    }

    @Test
    void invalidFlagsAndUnknownRepliesAreInvalid() {
        assertThat(table.track(tcp("10.0.0.1", 1, "10.0.0.2", 2, SYN | FIN), 0)).isEqualTo(Tracked.INVALID);
        assertThat(table.track(tcp("10.0.0.1", 1, "10.0.0.2", 2, FIN | ACK), 0)).isEqualTo(Tracked.INVALID);
        assertThat(table.track(echo("10.0.0.1", "10.0.0.2", IcmpMessage.ECHO_REPLY, 7), 0)).isEqualTo(Tracked.INVALID);
        // nf_conntrack_tcp_loose: a bare ACK picks up a connection, but only with the unacknowledged timeout.
        Tracked pickup = pass(tcp("10.0.0.1", 1, "10.0.0.2", 2, ACK), 0);
        assertThat(pickup.state()).isEqualTo(PacketState.NEW);
        assertThat(pickup.connection().tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(pickup.connection().secondsLeft(0)).isEqualTo(300);
    }

    @Test
    void resetAsOnlyReplyKillsTheConnection() {
        pass(tcp("10.0.0.1", 1, "10.0.0.2", 2, SYN), 0);
        Tracked rst = pass(tcp("10.0.0.2", 2, "10.0.0.1", 1, RST | ACK), 1);
        assertThat(rst.state()).isEqualTo(PacketState.ESTABLISHED);
        assertThat(table.connections(2)).isEmpty();
    }

    @Test
    void udpIsUnrepliedThenRepliedThenAStreamAfterTwoSeconds() {
        Connection ct = pass(udp("10.0.0.1", 5000, "10.0.0.2", 53), 0).connection();
        assertThat(ConntrackListing.line(ct, 0)).isEqualTo("udp      17 30 src=10.0.0.1 dst=10.0.0.2 sport=5000 "
                + "dport=53 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=53 dport=5000 mark=0 use=1");
        pass(udp("10.0.0.2", 53, "10.0.0.1", 5000), 100);
        assertThat(ct.secondsLeft(100)).isEqualTo(30);
        assertThat(ct.has(Status.ASSURED)).isFalse();
        pass(udp("10.0.0.1", 5000, "10.0.0.2", 53), 2500);
        assertThat(ct.secondsLeft(2500)).isEqualTo(120);
        assertThat(ct.has(Status.ASSURED)).isTrue();
    }

    @Test
    void otherProtocolsAreTrackedByAddressesAlone() {
        // As the kernel listed a bridge's IGMP report: "unknown  2 598 src=172.20.0.1 dst=224.0.0.22 ...".
        Packet igmp = TestPackets.datagram("172.20.0.1", "224.0.0.22",
                new io.bridgelab.netfilter.packet.OpaqueTransport(2, io.bridgelab.netfilter.packet.Bytes.ofHex(
                        "2200f9020000000104000000e00000fb")));
        Connection ct = pass(igmp, 0).connection();
        assertThat(ConntrackListing.line(ct, 2000)).isEqualTo("unknown  2 598 src=172.20.0.1 dst=224.0.0.22 "
                + "[UNREPLIED] src=224.0.0.22 dst=172.20.0.1 mark=0 use=1");
    }

    @Test
    void echoRequestAndReplyPairByIdentifier() {
        Connection ct = pass(echo("172.17.0.2", "192.168.1.20", IcmpMessage.ECHO_REQUEST, 6907), 0).connection();
        Tracked reply = pass(echo("192.168.1.20", "172.17.0.2", IcmpMessage.ECHO_REPLY, 6907), 5);
        assertThat(reply.connection()).isSameAs(ct);
        assertThat(ConntrackListing.line(ct, 1000)).isEqualTo("icmp     1 29 src=172.17.0.2 dst=192.168.1.20 type=8 "
                + "code=0 id=6907 src=192.168.1.20 dst=172.17.0.2 type=0 code=0 id=6907 mark=0 use=1");
        assertThat(table.track(echo("192.168.1.20", "172.17.0.2", IcmpMessage.ECHO_REPLY, 6908), 6))
                .isEqualTo(Tracked.INVALID);
    }

    @Test
    void aConnectionThatIsGoneLeavesTheNatBySourceTable() {
        // Killed: the only answer to a SYN is a RST (the kernel deletes such an entry at once).
        Tracked syn = pass(tcp("10.1.2.3", 40000, "192.168.1.10", 80, SYN), 0);
        assertThat(table.natBySourceSize()).isEqualTo(1);
        pass(tcp("192.168.1.10", 80, "10.1.2.3", 40000, RST | ACK), 1);
        assertThat(table.size()).isZero();
        assertThat(table.natBySourceSize()).isZero();
        // Expired: an unanswered UDP datagram times out after 30 s.
        pass(udp("10.1.2.3", 5353, "192.168.1.10", 53), 2);
        assertThat(table.natBySourceSize()).isEqualTo(1);
        assertThat(table.connections(2 + 31_000)).isEmpty();
        assertThat(table.natBySourceSize()).isZero();
        assertThat(syn.connection()).isNotNull();
    }

    /**
     * {@code find_appropriate_src}: a new connection from a source that already has a source binding gets the same
     * mapped address, but only in the zone of that binding; in another zone the address comes from the hash.
     */
    @Test
    void aSourceBindingIsReusedForTheSameSourceOnlyInItsZone() {
        NatMapping range = new NatMapping(ip("203.0.113.1"), ip("203.0.113.100"), -1, -1, false, false);
        Connection first = snat(table, tcp("10.0.0.2", 5000, "198.51.100.1", 80, SYN), 0, range);
        String reused = first.reply().destination().toString();
        // A destination for which a table without that binding would pick another address, so the test can tell.
        String other = null;
        String hashed = null;
        for (int host = 2; host < 250 && other == null; host++) {
            String d = "198.51.100." + host;
            String fresh = snat(new ConntrackTable(Timeouts.DEFAULT, 1), tcp("10.0.0.2", 5000, d, 80, SYN), 0, range)
                    .reply().destination().toString();
            if (!fresh.equals(reused)) {
                other = d;
                hashed = fresh;
            }
        }
        assertThat(other).as("some destination hashes to another address").isNotNull();

        Connection sameZone = snat(table, tcp("10.0.0.2", 5000, other, 80, SYN), 0, range);
        Connection otherZone = snat(table, tcp("10.0.0.2", 5000, other, 80, SYN), 7, range);

        assertThat(sameZone.reply().destination()).hasToString(reused);
        assertThat(sameZone.reply().destinationPort()).isEqualTo(5000);
        assertThat(otherZone.reply().destination()).hasToString(hashed);
        assertThat(table.natBySourceSize()).isEqualTo(2);
    }

    /** Tracks a connection's first packet in {@code zone}, binds {@code range} as its source NAT, confirms it. */
    private static Connection snat(ConntrackTable t, Packet p, int zone, NatMapping range) {
        Tracked tracked = t.track(p, 0, zone);
        t.bindNull(tracked.connection(), NatManip.DESTINATION);
        t.bind(tracked.connection(), NatManip.SOURCE, range, "SNAT");
        t.confirm(tracked);
        return tracked.connection();
    }

    @Test
    void dnatBindingRewritesOriginalAndReversesReplies() {
        Packet syn = tcp("192.168.1.20", 51870, "192.168.1.10", 8088, SYN);
        Tracked t = table.track(syn, 0);
        table.bind(t.connection(), NatManip.DESTINATION, NatMapping.to(ip("172.17.0.2"), 80), "DNAT");
        Packet dnatted = NatRewriter.translate(syn, t, NatManip.DESTINATION);
        assertThat(dnatted.ip().destination()).isEqualTo(ip("172.17.0.2"));
        assertThat(dnatted.destinationPort()).isEqualTo(80);
        table.bindNull(t.connection(), NatManip.SOURCE);
        table.confirm(t);
        Connection ct = t.connection();
        assertThat(ct.isDestinationNatted()).isTrue();
        assertThat(ct.isSourceNatted()).isFalse();
        Packet synAck = tcp("172.17.0.2", 80, "192.168.1.20", 51870, SYN | ACK);
        Tracked r = table.track(synAck, 1);
        assertThat(r.connection()).isSameAs(ct);
        assertThat(NatRewriter.translate(synAck, r, NatManip.DESTINATION)).isEqualTo(synAck);
        Packet out = NatRewriter.translate(synAck, r, NatManip.SOURCE);
        assertThat(out.ip().source()).isEqualTo(ip("192.168.1.10"));
        assertThat(out.sourcePort()).isEqualTo(8088);
        assertThat(ConntrackListing.line(ct, 0)).startsWith("tcp      6 60 SYN_RECV src=192.168.1.20 "
                + "dst=192.168.1.10 sport=51870 dport=8088 src=172.17.0.2 dst=192.168.1.20 sport=80 dport=51870 ");
    }

    /** {@code p} with its TCP or UDP checksum field set to {@code checksum}. */
    private static Packet withChecksum(Packet p, int checksum) {
        Transport t = p.transport() instanceof TcpSegment tcp ? tcp.withChecksum(checksum)
                : ((UdpDatagram) p.transport()).withChecksum(checksum);
        return p.withNetwork(p.ipv4().withTransport(t));
    }

    @Test
    void aBadChecksumInPreroutingIsInvalidAndLeavesNoTrace() {
        Packet bad = withChecksum(tcp("192.168.1.20", 51870, "192.168.1.10", 8088, SYN), 0xbeef);
        assertThat(table.track(bad, 0, 0, true)).isEqualTo(Tracked.INVALID);
        Packet badUdp = withChecksum(udp("192.168.1.20", 5353, "192.168.1.10", 53), 0xbeef);
        assertThat(table.track(badUdp, 0, 0, true)).isEqualTo(Tracked.INVALID);
        assertThat(table.connections(0)).isEmpty();
        // Elsewhere (OUTPUT, or with the check off) conntrack does not look at the checksum.
        assertThat(table.track(bad, 0, 0, false).state()).isEqualTo(PacketState.NEW);
        // A UDP datagram without checksum and a checksum left to the device are taken.
        assertThat(table.track(withChecksum(badUdp, 0), 0, 0, true).state()).isEqualTo(PacketState.NEW);
        Packet partial = withChecksum(bad, InternetChecksum.partialChecksum(bad.ip(), bad.transport()));
        assertThat(table.track(partial, 0, 0, true).state()).isEqualTo(PacketState.NEW);
    }

    @Test
    void dnatMovesAPartialChecksumWithTheAddressOnly() {
        Packet syn = tcp("192.168.1.20", 51870, "192.168.1.10", 8088, SYN);
        Packet partial = withChecksum(syn, InternetChecksum.partialChecksum(syn.ip(), syn.transport()));
        Tracked t = table.track(partial, 0, 0, true);
        table.bind(t.connection(), NatManip.DESTINATION, NatMapping.to(ip("172.17.0.2"), 80), "DNAT");
        Packet dnatted = NatRewriter.translate(partial, t, NatManip.DESTINATION);
        // inet_proto_csum_replace4 with pseudohdr on a CHECKSUM_PARTIAL buffer: old - 192.168.1.10 + 172.17.0.2,
        // plain one's complement; the port change (replace2 without pseudohdr) leaves it.
        int expected = 0x8389 + 0xffff - 0xc0a8 + 0xffff - 0x010a + 0xac11 + 0x0002;
        while (expected > 0xffff) {
            expected = (expected & 0xffff) + (expected >>> 16);
        }
        int carried = ((TcpSegment) dnatted.transport()).checksum();
        assertThat(carried).isEqualTo(expected);
        assertThat(InternetChecksum.isPartial(dnatted.ip(), dnatted.transport())).isTrue();
        assertThat(InternetChecksum.transportChecksumAccepted(dnatted.ip(), dnatted.transport())).isTrue();
    }

    /**
     * REJECT's answer to a connection's first packet may bind its source (MASQUERADE in nat POSTROUTING) although
     * the connection never gets into the table; when the answer has left, the binding leaves the by-source table.
     */
    @Test
    void anUnconfirmedConnectionReleasedByItsAnswerLeavesTheNatBySourceTable() {
        Tracked syn = table.track(tcp("192.168.1.20", 51710, "192.168.1.10", 8088, SYN), 0);
        table.bind(syn.connection(), NatManip.DESTINATION, NatMapping.to(ip("172.17.0.2"), 80), "DNAT");
        Tracked answer = syn.answer();
        assertThat(answer.state()).isEqualTo(PacketState.RELATED);
        assertThat(answer.direction()).isEqualTo(Direction.REPLY);
        table.bind(answer.connection(), NatManip.SOURCE, NatMapping.to(ip("192.168.1.10")), "MASQUERADE");
        assertThat(table.natBySourceSize()).isEqualTo(1);
        table.confirm(answer);
        assertThat(table.size()).isZero();
        table.release(answer);
        assertThat(table.natBySourceSize()).isZero();
        assertThat(table.size()).isZero();
    }

    /** Releasing the answer of a connection in the table changes nothing: the connection keeps its bindings. */
    @Test
    void releasingTheAnswerOfAConfirmedConnectionKeepsIt() {
        Tracked a = table.track(udp("172.17.0.2", 5000, "8.8.8.8", 53), 0);
        table.bindNull(a.connection(), NatManip.DESTINATION);
        table.bind(a.connection(), NatManip.SOURCE, NatMapping.to(ip("192.168.1.10")), "MASQUERADE");
        table.confirm(a);
        table.release(a.answer());
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.natBySourceSize()).isEqualTo(1);
    }

    @Test
    void masqueradeKeepsThePortUnlessTheTupleClashes() {
        Tracked a = table.track(udp("172.17.0.2", 5000, "8.8.8.8", 53), 0);
        table.bindNull(a.connection(), NatManip.DESTINATION);
        table.bind(a.connection(), NatManip.SOURCE, NatMapping.to(ip("192.168.1.10")), "MASQUERADE");
        table.confirm(a);
        assertThat(a.connection().reply().destinationPort()).isEqualTo(5000);
        Tracked b = table.track(udp("172.17.0.3", 5000, "8.8.8.8", 53), 0);
        table.bindNull(b.connection(), NatManip.DESTINATION);
        table.bind(b.connection(), NatManip.SOURCE, NatMapping.to(ip("192.168.1.10")), "MASQUERADE");
        table.confirm(b);
        int port = b.connection().reply().destinationPort();
        assertThat(port).isNotEqualTo(5000).isBetween(1024, 65535);
        assertThat(b.connection().reply().destination()).isEqualTo(ip("192.168.1.10"));
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void icmpErrorIsRelatedAndItsQuoteIsTranslated() {
        Packet syn = tcp("192.168.1.20", 51870, "192.168.1.10", 8088, SYN);
        Tracked t = table.track(syn, 0);
        table.bind(t.connection(), NatManip.DESTINATION, NatMapping.to(ip("172.17.0.2"), 80), "DNAT");
        Packet dnatted = NatRewriter.translate(syn, t, NatManip.DESTINATION);
        table.bindNull(t.connection(), NatManip.SOURCE);
        table.confirm(t);
        Packet error = icmpError("172.17.0.2", "192.168.1.20", 3, 3, dnatted);
        Tracked r = table.track(error, 1);
        assertThat(r.state()).isEqualTo(PacketState.RELATED);
        assertThat(r.direction()).isEqualTo(Direction.REPLY);
        Packet out = NatRewriter.translate(error, r, NatManip.SOURCE);
        IcmpMessage m = (IcmpMessage) out.transport();
        assertThat(out.ip().source()).isEqualTo(ip("192.168.1.10"));
        assertThat(m.embedded().destination()).isEqualTo(ip("192.168.1.10"));
        assertThat(m.embeddedDestinationPort()).isEqualTo(8088);
        assertThat(table.track(icmpError("172.17.0.2", "192.168.1.99", 3, 3, dnatted), 1)).isEqualTo(Tracked.INVALID);
    }

    @Test
    void masqueradePrefersTheNextHopsSubnet() {
        var addrs = java.util.List.of(InterfaceAddress.primary(ip("10.1.0.5"), 24),
                new InterfaceAddress(ip("10.1.0.6"), 24, true, false), InterfaceAddress.primary(ip("192.168.1.10"), 24));
        assertThat(MasqueradeSource.select(addrs, ip("192.168.1.1"))).isEqualTo(ip("192.168.1.10"));
        assertThat(MasqueradeSource.select(addrs, ip("8.8.8.8"))).isEqualTo(ip("10.1.0.5"));
        assertThat(MasqueradeSource.select(java.util.List.of(), ip("8.8.8.8"))).isNull();
    }

    @Test
    void incrementalChecksumEqualsARecomputation() {
        int[] words = {0x4500, 0x003c, 0x1c46, 0x4000, 0x4006, 0xac10, 0x0a63, 0xac10, 0x0a0c};
        int before = fullChecksum(words);
        int old = words[6];
        words[6] = 0xffff;
        assertThat(InternetChecksum.replace16(before, old, 0xffff)).isEqualTo(fullChecksum(words));
        int oldAddr = words[7] << 16 | words[8];
        words[7] = 0x0102;
        words[8] = 0x0304;
        int step = InternetChecksum.replace16(before, old, 0xffff);
        assertThat(InternetChecksum.replace32(step, oldAddr, 0x01020304)).isEqualTo(fullChecksum(words));
    }

    private static int fullChecksum(int[] words) {
        int sum = 0;
        for (int w : words) {
            sum += w;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }
}
