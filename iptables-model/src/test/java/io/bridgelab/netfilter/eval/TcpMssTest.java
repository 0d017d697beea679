package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.datagram;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.TcpmssTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

/** {@code -j TCPMSS}: lowers an MSS option, never raises it, adds one to a SYN without; checksums follow. */
class TcpMssTest {
    /** MSS 1460, SACK permitted, timestamps, NOP, window scale 7: what Linux puts in a SYN. */
    private static final String LINUX_SYN_OPTIONS = "020405b40402080a0000000100000000" + "01030307";

    private static Packet syn(String options) {
        return datagram("172.17.0.2", "192.168.1.20", new TcpSegment(40000, 80, 1, 0, TcpFlags.SYN, 64240, 0, 0,
                options.isEmpty() ? null : Bytes.ofHex(options), null));
    }

    private static int mss(Packet p) {
        byte[] o = ((TcpSegment) p.transport()).options().toArray();
        return o[0] == 2 ? (o[2] & 0xff) << 8 | o[3] & 0xff : -1;
    }

    private static boolean checksumsRight(Packet p) {
        return InternetChecksum.headerValid(p.ip())
                && InternetChecksum.transportChecksumAccepted(p.ip(), p.transport());
    }

    @Test
    void setMssLowersButNeverRaises() {
        Packet lowered = TcpMss.apply(new TcpmssTarget(1300), syn(LINUX_SYN_OPTIONS), DockerRuleset.host());
        assertThat(mss(lowered)).isEqualTo(1300);
        assertThat(checksumsRight(lowered)).isTrue();
        Packet kept = syn(LINUX_SYN_OPTIONS);
        assertThat(TcpMss.apply(new TcpmssTarget(1500), kept, DockerRuleset.host())).isSameAs(kept);
    }

    @Test
    void clampTakesTheSmallerMtuOfTheWayThereAndTheWayBack() {
        HostView narrowBack = new HostView() {
            @Override
            public AddressType addressType(Ipv4Address address, String device) {
                return AddressType.UNICAST;
            }

            @Override
            public List<io.bridgelab.netfilter.conntrack.InterfaceAddress> addresses(String device) {
                return List.of();
            }

            @Override
            public Ipv4Address nextHop(Ipv4Address destination, String outDevice) {
                return destination;
            }

            @Override
            public int routeMtu(Ipv4Address destination) {
                return destination.toString().startsWith("172.17.") ? 1400 : 1500;
            }
        };
        Packet clamped = TcpMss.apply(new TcpmssTarget(TcpmssTarget.CLAMP), syn(LINUX_SYN_OPTIONS), narrowBack);
        assertThat(mss(clamped)).as("1400 back to the sender, less 40").isEqualTo(1360);
        assertThat(checksumsRight(clamped)).isTrue();
    }

    @Test
    void aSynWithoutMssGetsOneOfAtMost536() {
        Packet without = syn("01030307");
        Packet added = TcpMss.apply(new TcpmssTarget(1300), without, DockerRuleset.host());
        assertThat(mss(added)).isEqualTo(536);
        assertThat(((TcpSegment) added.transport()).options().length()).isEqualTo(8);
        assertThat(added.ip().totalLength()).isEqualTo(without.ip().totalLength() + 4);
        assertThat(checksumsRight(added)).isTrue();
        Packet none = syn("");
        assertThat(mss(TcpMss.apply(new TcpmssTarget(400), none, DockerRuleset.host()))).isEqualTo(400);
    }

    @Test
    void aChecksumLeftToTheDeviceKeepsOnlyThePseudoHeadersShare() {
        Packet full = syn(LINUX_SYN_OPTIONS);
        TcpSegment t = (TcpSegment) full.transport();
        int partial = InternetChecksum.partialChecksum(full.ip(), t);
        Packet offloaded = full.withNetwork(new io.bridgelab.netfilter.packet.Ipv4Datagram(full.ip(),
                new TcpSegment(t.sourcePort(), t.destinationPort(), t.sequence(), t.acknowledgement(), t.flags(),
                        t.window(), partial, t.urgentPointer(), t.options(), t.payload())));
        Packet lowered = TcpMss.apply(new TcpmssTarget(1300), offloaded, DockerRuleset.host());
        assertThat(mss(lowered)).isEqualTo(1300);
        assertThat(((TcpSegment) lowered.transport()).checksum()).isEqualTo(partial);
    }
}
