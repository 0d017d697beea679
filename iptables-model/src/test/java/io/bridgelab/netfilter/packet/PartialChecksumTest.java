package io.bridgelab.netfilter.packet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checksum left to the device (CHECKSUM_PARTIAL) holds the pseudo-header's sum; a stack takes it, a device
 * without offload completes it, and any other wrong checksum is neither taken nor mended.
 */
class PartialChecksumTest {
    private static final Ipv4Address CLIENT = Ipv4Address.parse("192.168.1.20");
    private static final Ipv4Address HOST = Ipv4Address.parse("192.168.1.10");

    private static Ipv4Datagram syn(int checksum) {
        TcpSegment tcp = new TcpSegment(40000, 8088, 1000, 0, TcpFlags.SYN, 64240, checksum, 0, null, null);
        Ipv4Header h = new Ipv4Header(0, 40, 1, true, false, 0, 64, IpProtocol.TCP, 0, CLIENT, HOST, null);
        return new Ipv4Datagram(h.withChecksum(InternetChecksum.header(h)), tcp);
    }

    @Test
    void thePartialValueIsThePseudoHeadersSumUncomplemented() {
        // c0a8 + 0114 + c0a8 + 010a + 0006 + 0014 (TCP length 20), folded: what tcp_v4_send_check leaves.
        Ipv4Datagram d = syn(0);
        assertThat(InternetChecksum.partialChecksum(d.header(), d.transport())).isEqualTo(0x8389);
        assertThat(InternetChecksum.isPartial(d.header(), syn(0x8389).transport())).isTrue();
        assertThat(InternetChecksum.partialChecksum(d.header(), new IcmpMessage(8, 0, 0, 0, null, null)))
                .isEqualTo(-1);
    }

    @Test
    void aStackTakesAPartialChecksumButNotAnotherWrongOne() {
        int right = InternetChecksum.transportChecksum(CLIENT, HOST, syn(0).transport());
        Ipv4Datagram partial = syn(0x8389);
        Ipv4Datagram wrong = syn(0xbeef);
        assertThat(InternetChecksum.transportChecksumAccepted(partial.header(), partial.transport())).isTrue();
        assertThat(InternetChecksum.transportChecksumAccepted(syn(right).header(), syn(right).transport())).isTrue();
        assertThat(InternetChecksum.expectedTransportChecksum(wrong.header(), wrong.transport())).isEqualTo(right);
    }

    @Test
    void aDeviceWithoutOffloadCompletesOnlyAPartialChecksum() {
        int right = InternetChecksum.transportChecksum(CLIENT, HOST, syn(0).transport());
        Packet partial = new Packet(null, syn(0x8389));
        Packet completed = InternetChecksum.completePartial(partial);
        assertThat(((TcpSegment) completed.transport()).checksum()).isEqualTo(right);
        Packet wrong = new Packet(null, syn(0xbeef));
        assertThat(InternetChecksum.completePartial(wrong)).isSameAs(wrong);
        Packet good = new Packet(null, syn(right));
        assertThat(InternetChecksum.completePartial(good)).isSameAs(good);
    }

    @Test
    void aFirstFragmentsChecksumIsNotJudged() {
        // It covers the whole datagram, which the kernel reassembles before it checks.
        Ipv4Datagram wrong = syn(0xbeef);
        Ipv4Header h = wrong.header();
        Ipv4Header first = new Ipv4Header(h.tos(), h.totalLength(), h.identification(), false, true, 0, h.ttl(),
                h.protocol(), 0, h.source(), h.destination(), null);
        assertThat(InternetChecksum.transportChecksumAccepted(first, wrong.transport())).isTrue();
        assertThat(InternetChecksum.transportChecksumAccepted(h, wrong.transport())).isFalse();
    }

    @Test
    void aUdpDatagramWithoutChecksumIsTaken() {
        UdpDatagram udp = new UdpDatagram(5353, 53, 9, 0, Bytes.ofHex("78"));
        Ipv4Header h = new Ipv4Header(0, 29, 1, true, false, 0, 64, IpProtocol.UDP, 0, CLIENT, HOST, null);
        assertThat(InternetChecksum.transportChecksumAccepted(h, udp)).isTrue();
        assertThat(InternetChecksum.transportChecksumAccepted(h, udp.withChecksum(0xbeef))).isFalse();
    }
}
