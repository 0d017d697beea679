package io.bridgelab.netfilter.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketTest {
    private static final Ipv4Address CLIENT = Ipv4Address.parse("192.168.1.20");
    private static final Ipv4Address HOST = Ipv4Address.parse("192.168.1.10");

    static Packet syn() {
        TcpSegment tcp = new TcpSegment(40000, 8088, 1, 0, TcpFlags.SYN, 64240, 0, 0, Bytes.EMPTY, Bytes.EMPTY);
        Ipv4Header ip = new Ipv4Header(0, 40, 7, true, false, 0, 64, IpProtocol.TCP, 0, CLIENT, HOST, Bytes.EMPTY);
        Ethernet eth = new Ethernet(MacAddress.parse("02:fc:00:00:00:01"), MacAddress.parse("02:aa:bb:cc:dd:01"),
                Ethernet.TYPE_IPV4);
        return new Packet(eth, new Ipv4Datagram(ip, tcp));
    }

    @Test
    void exposesWhatNetfilterMatchesOn() {
        Packet p = syn();
        assertThat(p.isIpv4()).isTrue();
        assertThat(p.ip().destination()).isEqualTo(HOST);
        assertThat(p.sourcePort()).isEqualTo(40000);
        assertThat(p.destinationPort()).isEqualTo(8088);
        assertThat(p.frameLength()).isEqualTo(54);
    }

    @Test
    void rewritesAreCopies() {
        Packet p = syn();
        Ipv4Datagram d = p.ipv4();
        Packet natted = p.withNetwork(d.withHeader(d.header().withDestination(Ipv4Address.parse("172.17.0.4"))));
        assertThat(p.ip().destination()).isEqualTo(HOST);
        assertThat(natted.ip().destination()).isEqualTo(Ipv4Address.parse("172.17.0.4"));
        assertThat(natted).isNotEqualTo(p);
        assertThat(syn()).isEqualTo(p);
    }

    @Test
    void inconsistentLayersAreRejected() {
        Packet p = syn();
        assertThatThrownBy(() -> p.withEthernet(new Ethernet(MacAddress.ZERO, MacAddress.ZERO, Ethernet.TYPE_ARP)))
                .hasMessageContaining("ethertype");
        Ipv4Header udpHeader = p.ip();
        UdpDatagram udp = new UdpDatagram(1, 2, 8, 0, Bytes.EMPTY);
        assertThatThrownBy(() -> new Ipv4Datagram(udpHeader, udp)).hasMessageContaining("protocol");
    }

    @Test
    void icmpErrorsExposeTheQuotedPorts() {
        Ipv4Header inner = new Ipv4Header(0, 28, 1, false, false, 0, 64, IpProtocol.UDP, 0, HOST, CLIENT, null);
        IcmpMessage unreachable = new IcmpMessage(IcmpMessage.DESTINATION_UNREACHABLE, 3, 0, 0, inner,
                Bytes.ofHex("1f900035000c0000"));
        assertThat(unreachable.isError()).isTrue();
        assertThat(unreachable.embeddedSourcePort()).isEqualTo(8080);
        assertThat(unreachable.embeddedDestinationPort()).isEqualTo(53);
        assertThat(unreachable.length()).isEqualTo(8 + 20 + 8);
    }

    @Test
    void tcpFlagNamesMatchIptables() {
        assertThat(TcpFlags.format(TcpFlags.SYN | TcpFlags.ACK)).isEqualTo("SYN,ACK");
        assertThat(TcpFlags.parse("FIN,SYN,RST,ACK")).isEqualTo(0x17);
        assertThat(TcpFlags.parse("ALL")).isEqualTo(0x3f);
        assertThat(TcpFlags.parse("NONE")).isZero();
        assertThat(TcpFlags.parse("SYN,BOGUS")).isEqualTo(-1);
        assertThat(IpProtocol.parse("TCP")).hasValue(6);
        assertThat(IpProtocol.parse("300")).isEmpty();
        assertThat(IpProtocol.name(132)).isEqualTo("sctp");
    }
}
