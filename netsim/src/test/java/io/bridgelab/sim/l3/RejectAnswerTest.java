package io.bridgelab.sim.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.rule.RejectWith;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What REJECT answers and when it answers nothing, on the host of fixtures/scenarios/reject (whose kernel run the
 * kernel comparison replays: the RST and ICMP errors there are checked frame by frame; these are the cases it does
 * not send).
 */
class RejectAnswerTest {
    private static final Ipv4Address CLIENT = Ipv4Address.parse("192.168.1.20");
    private static final Ipv4Address HOST = Ipv4Address.parse("192.168.1.10");
    private static NodeRuntime host;

    @BeforeAll
    static void load() throws Exception {
        Engine engine = new Engine(SnapshotLoader.load(Path.of("../fixtures/scenarios/reject/captured/snapshot-before")),
                new EvaluatedNetfilter(Netfilter.Mode.REFERENCE), Integer.MAX_VALUE);
        host = engine.node("host");
    }

    private static long now;

    /**
     * A time 10 s after the last one asked: icmp_send's rate limit (6 errors at once per destination) has filled up
     * again, so these cases never meet it (IcmpPeersTest has it).
     */
    private static long later() {
        now += 10_000_000_000L;
        return now;
    }

    private static Packet segment(Ipv4Address from, Ipv4Address to, long seq, long ack, int flags, String payload) {
        return new Packet(null, Datagrams.of(from, to, 7, true, Datagrams.tcp(from, to, 40000, 8088, seq, ack, flags,
                payload)));
    }

    /** The RST answering {@code p}, the same for REJECT's tcp-reset as for a closed port. */
    private static Ipv4Datagram reset(Packet p) {
        return Datagrams.resetAnswering(p.ip(), (TcpSegment) p.ipv4().transport());
    }

    private static Packet syn() {
        return segment(CLIENT, HOST, 1000, 0, TcpFlags.SYN, null);
    }

    @Test
    void aSynIsAnsweredWithRstAckOfItsSequenceNumberPlusOne() {
        assertThat(RejectAnswer.noAnswer(host, syn(), Hook.INPUT, RejectWith.TCP_RESET, later())).isNull();
        Ipv4Datagram rst = reset(syn());
        TcpSegment seg = (TcpSegment) rst.transport();
        assertThat(rst.header().source()).isEqualTo(HOST);
        assertThat(rst.header().destination()).isEqualTo(CLIENT);
        assertThat(rst.header().identification()).isZero();
        assertThat(rst.header().dontFragment()).isTrue();
        assertThat(rst.header().ttl()).isEqualTo(64);
        assertThat(rst.header().tos()).isZero();
        assertThat(seg.sourcePort()).isEqualTo(8088);
        assertThat(seg.destinationPort()).isEqualTo(40000);
        assertThat(seg.flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
        assertThat(seg.sequence()).isZero();
        assertThat(seg.acknowledgement()).isEqualTo(1001);
        assertThat(seg.window()).isZero();
        assertThat(InternetChecksum.transportChecksumAccepted(rst.header(), seg)).isTrue();
    }

    @Test
    void aSegmentWithAckIsAnsweredWithAnRstAtItsAcknowledgement() {
        Packet data = segment(CLIENT, HOST, 1001, 5001, TcpFlags.ACK | TcpFlags.PSH, "hello");
        TcpSegment seg = (TcpSegment) reset(data).transport();
        assertThat(seg.flags()).isEqualTo(TcpFlags.RST);
        assertThat(seg.sequence()).isEqualTo(5001);
        assertThat(seg.acknowledgement()).isZero();
    }

    @Test
    void aFinWithPayloadIsAcknowledgedWhole() {
        Packet fin = segment(CLIENT, HOST, 1001, 0, TcpFlags.FIN, "abc");
        assertThat(((TcpSegment) reset(fin).transport()).acknowledgement()).isEqualTo(1001 + 3 + 1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ICMP_NET_UNREACHABLE, 0", "ICMP_HOST_UNREACHABLE, 1", "ICMP_PROTO_UNREACHABLE, 2",
        "ICMP_PORT_UNREACHABLE, 3", "ICMP_NET_PROHIBITED, 9", "ICMP_HOST_PROHIBITED, 10", "ICMP_ADMIN_PROHIBITED, 13",
    })
    void everyIcmpRejectHasTheKernelsCode(RejectWith with, int code) {
        assertThat(RejectAnswer.code(with)).isEqualTo(code);
    }

    @Test
    void anRstIsNotAnsweredWithAnRst() {
        Packet rst = segment(CLIENT, HOST, 1001, 0, TcpFlags.RST, null);
        assertThat(RejectAnswer.noAnswer(host, rst, Hook.INPUT, RejectWith.TCP_RESET, later())).contains("never answered");
        // An ICMP REJECT answers it (it is no ICMP error).
        assertThat(RejectAnswer.noAnswer(host, rst, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later())).isNull();
    }

    @Test
    void tcpResetAnswersOnlyTcp() {
        Packet udp = new Packet(null, Datagrams.of(CLIENT, HOST, 7, true, Datagrams.udp(5000, 53, "x")));
        assertThat(RejectAnswer.noAnswer(host, udp, Hook.INPUT, RejectWith.TCP_RESET, later())).contains("only TCP");
        assertThat(RejectAnswer.noAnswer(host, udp, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later())).isNull();
    }

    @Test
    void anIcmpErrorIsNotAnsweredWithAnIcmpError() {
        Packet error = new Packet(null, Datagrams.icmpError(CLIENT, HOST, 7,
                Datagrams.unreachable(3, syn().ipv4())));
        assertThat(RejectAnswer.noAnswer(host, error, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later()))
                .contains("never answered");
        Packet echo = new Packet(null, Datagrams.of(CLIENT, HOST, 7, false,
                Datagrams.echo(IcmpMessage.ECHO_REQUEST, 1, 1, Bytes.EMPTY)));
        assertThat(RejectAnswer.noAnswer(host, echo, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later())).isNull();
    }

    @Test
    void broadcastsAreNotAnswered() {
        Packet toAll = new Packet(null, Datagrams.of(CLIENT, Ipv4Address.BROADCAST, 7, false,
                Datagrams.udp(5000, 53, "x")));
        assertThat(RejectAnswer.noAnswer(host, toAll, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later()))
                .contains("broadcast");
        Packet subnetBroadcast = new Packet(null, Datagrams.of(CLIENT, Ipv4Address.parse("192.168.1.255"), 7, false,
                Datagrams.udp(5000, 53, "x")));
        assertThat(RejectAnswer.noAnswer(host, subnetBroadcast, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later()))
                .contains("broadcast");
        Packet toAllMacs = new Packet(new Ethernet(MacAddress.BROADCAST, MacAddress.parse("02:00:c0:a8:01:14"), null,
                Ethernet.TYPE_IPV4), Datagrams.of(CLIENT, HOST, 7, false, Datagrams.udp(5000, 53, "x")), Bytes.EMPTY,
                io.bridgelab.netfilter.packet.Metadata.NONE);
        assertThat(RejectAnswer.noAnswer(host, toAllMacs, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later()))
                .contains("link-layer broadcast");
    }

    @Test
    void aBadChecksumIsNotAnswered() {
        Ipv4Datagram good = syn().ipv4();
        TcpSegment seg = (TcpSegment) good.transport();
        TcpSegment bad = new TcpSegment(seg.sourcePort(), seg.destinationPort(), seg.sequence(), seg.acknowledgement(),
                seg.flags(), seg.window(), seg.checksum() ^ 0x0101, seg.urgentPointer(), seg.options(), seg.payload());
        Packet p = new Packet(null, good.withTransport(bad));
        assertThat(RejectAnswer.noAnswer(host, p, Hook.INPUT, RejectWith.TCP_RESET, later())).contains("bad TCP checksum");
        assertThat(RejectAnswer.noAnswer(host, p, Hook.INPUT, RejectWith.ICMP_ADMIN_PROHIBITED, later()))
                .contains("bad TCP checksum");
    }

    @Test
    void aLaterFragmentIsNotAnswered() {
        Ipv4Datagram d = syn().ipv4();
        var h = d.header();
        Packet fragment = new Packet(null, d.withHeader(new io.bridgelab.netfilter.packet.Ipv4Header(h.tos(),
                h.totalLength(), h.identification(), false, false, 185, h.ttl(), h.protocol(), 0, h.source(),
                h.destination(), h.options())));
        assertThat(RejectAnswer.noAnswer(host, fragment, Hook.INPUT, RejectWith.ICMP_PORT_UNREACHABLE, later()))
                .contains("fragment");
    }
}
