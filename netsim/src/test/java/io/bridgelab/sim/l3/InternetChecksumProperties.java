package io.bridgelab.sim.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

/**
 * The incremental updates agree with full recomputation: the TTL decrement's checksum adjustment (RFC 1624)
 * equals the header summed again, for every header whose checksum was right; and a refresh of a datagram that
 * is already right hands the same datagram back, while any other refresh equals rebuilding every field.
 */
class InternetChecksumProperties {

    @Property(tries = 2000)
    void ttlDecrementEqualsFullRecompute(@ForAll int source, @ForAll int destination,
                                         @ForAll @IntRange(max = 0xff) int tos,
                                         @ForAll @IntRange(max = 0xffff) int id,
                                         @ForAll @IntRange(min = 2, max = 0xff) int ttl,
                                         @ForAll @IntRange(max = 0xff) int protocol,
                                         @ForAll @IntRange(max = 0x1fff) int fragmentOffset,
                                         @ForAll boolean dontFragment,
                                         @ForAll @Size(max = 10) List<Integer> optionWords,
                                         @ForAll @IntRange(max = 1400) int payloadLength) {
        Ipv4Header h = header(source, destination, tos, id, ttl, protocol, fragmentOffset, dontFragment,
                optionWords, payloadLength);
        Ipv4Datagram d = new Ipv4Datagram(h, new io.bridgelab.netfilter.packet.OpaqueTransport(protocol,
                Bytes.copyOf(new byte[payloadLength])));
        Ipv4Header after = InternetChecksum.withTtl(d, ttl - 1).header();
        assertThat(after.ttl()).isEqualTo(ttl - 1);
        assertThat(after.checksum()).isEqualTo(InternetChecksum.header(after));
        assertThat(after.withChecksum(0).withTtl(ttl)).isEqualTo(h.withChecksum(0));
    }

    @Property(tries = 1000)
    void refreshKeepsWhatIsRightAndRebuildsTheRest(@ForAll int source, @ForAll int destination,
                                                   @ForAll @IntRange(max = 2) int kind,
                                                   @ForAll @IntRange(max = 0xffff) int port,
                                                   @ForAll @IntRange(max = 0xffff) int wrongChecksum,
                                                   @ForAll @IntRange(max = 0xffff) int wrongLength,
                                                   @ForAll @Size(max = 64) byte[] payload) {
        Ipv4Address src = new Ipv4Address(source);
        Ipv4Address dst = new Ipv4Address(destination);
        Transport t = switch (kind) {
            case 0 -> new TcpSegment(port, 80, 1000, 0, 0x02, 64240, wrongChecksum, 0, Bytes.EMPTY,
                    Bytes.copyOf(payload));
            case 1 -> new UdpDatagram(port, 53, wrongLength, wrongChecksum, Bytes.copyOf(payload));
            default -> new IcmpMessage(IcmpMessage.ECHO_REQUEST, 0, wrongChecksum, port << 16 | 1, null,
                    Bytes.copyOf(payload));
        };
        Ipv4Header h = new Ipv4Header(0, wrongLength, 7, true, false, 0, 64, t.protocol(), wrongChecksum, src, dst,
                Bytes.EMPTY);
        Ipv4Datagram refreshed = InternetChecksum.refresh(new Ipv4Datagram(h, t));
        assertThat(refreshed.header().totalLength()).isEqualTo(20 + t.length());
        assertThat(refreshed.header().checksum()).isEqualTo(InternetChecksum.header(refreshed.header()));
        assertThat(refreshed.header().withChecksum(0).withTotalLength(0)).isEqualTo(h.withChecksum(0)
                .withTotalLength(0));
        // Right now: a second refresh changes nothing and makes nothing new, nor does one of the packet.
        assertThat(InternetChecksum.refresh(refreshed)).isSameAs(refreshed);
        io.bridgelab.netfilter.packet.Packet packet = new io.bridgelab.netfilter.packet.Packet(null, refreshed);
        assertThat(InternetChecksum.refresh(packet)).isSameAs(packet);
        io.bridgelab.netfilter.packet.Packet stale = new io.bridgelab.netfilter.packet.Packet(null,
                new Ipv4Datagram(h, t));
        assertThat(InternetChecksum.refresh(stale).network()).isEqualTo(refreshed);
        if (t instanceof UdpDatagram u) {
            assertThat(((UdpDatagram) refreshed.transport()).udpLength()).isEqualTo(8 + u.payload().length());
            assertThat(((UdpDatagram) refreshed.transport()).checksum()).isNotZero();
        }
        assertThat(refreshed.transport().protocol()).isIn(IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMP);
    }

    /** Datagrams.of computes the checksums before making the header: the datagram refresh would have made. */
    @Property(tries = 1000)
    void aDatagramMadeIsTheRefreshOfItsUnsummedSelf(@ForAll int source, @ForAll int destination,
                                                     @ForAll @IntRange(max = 2) int kind,
                                                     @ForAll @IntRange(max = 0xffff) int id,
                                                     @ForAll boolean dontFragment,
                                                     @ForAll @IntRange(max = 0xffff) int port,
                                                     @ForAll @Size(max = 64) byte[] payload) {
        Ipv4Address src = new Ipv4Address(source);
        Ipv4Address dst = new Ipv4Address(destination);
        String text = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "x");
        Transport t = switch (kind) {
            case 0 -> Datagrams.tcp(port, 80, 1000L * port, port, 0x12, text);
            case 1 -> Datagrams.udp(port, 53, text);
            default -> Datagrams.echo(IcmpMessage.ECHO_REQUEST, port, 1, Bytes.copyOf(payload));
        };
        Ipv4Header unsummed = new Ipv4Header(0, 20 + t.length(), id, dontFragment, false, 0, Datagrams.DEFAULT_TTL,
                t.protocol(), 0, src, dst, Bytes.EMPTY);
        assertThat(Datagrams.of(src, dst, id, dontFragment, t))
                .isEqualTo(InternetChecksum.refresh(new Ipv4Datagram(unsummed, t)));
        if (kind == 0) {
            // A segment made with its addresses has the checksum refresh would give it, and is kept as it is.
            TcpSegment summed = Datagrams.tcp(src, dst, port, 80, 1000L * port, port, 0x12, text);
            assertThat(summed).isEqualTo(InternetChecksum.refresh(new Ipv4Datagram(unsummed, t)).transport());
            assertThat(Datagrams.of(src, dst, id, dontFragment, summed).transport()).isSameAs(summed);
        }
    }

    private static Ipv4Header header(int source, int destination, int tos, int id, int ttl, int protocol,
                                     int fragmentOffset, boolean dontFragment, List<Integer> optionWords,
                                     int payloadLength) {
        byte[] options = new byte[optionWords.size() * 4];
        for (int i = 0; i < optionWords.size(); i++) {
            int w = optionWords.get(i);
            options[4 * i] = (byte) (w >>> 24);
            options[4 * i + 1] = (byte) (w >>> 16);
            options[4 * i + 2] = (byte) (w >>> 8);
            options[4 * i + 3] = (byte) w;
        }
        Ipv4Header h = new Ipv4Header(tos, 20 + options.length + payloadLength, id, dontFragment, false,
                fragmentOffset, ttl, protocol, 0, new Ipv4Address(source), new Ipv4Address(destination),
                Bytes.copyOf(options));
        return h.withChecksum(InternetChecksum.header(h));
    }
}
