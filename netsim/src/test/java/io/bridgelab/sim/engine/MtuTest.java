package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.sim.l3.Datagrams;
import io.bridgelab.sim.testing.TestWorlds;
import io.bridgelab.sim.trace.TraceStep;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A router whose way out has a smaller MTU than the way in (the mtu kernel scenario checks the same frames against
 * Linux's): DF gets ICMP fragmentation needed, no DF gets fragments, a GSO packet passes whole.
 */
class MtuTest {
    private static final MacAddress ROUTER = MacAddress.parse("02:00:00:00:02:01");
    private static final MacAddress LEFT_MAC = MacAddress.parse("02:00:00:00:02:02");
    private static final Ipv4Address LEFT = Ipv4Address.parse("10.1.0.2");
    private static final Ipv4Address RIGHT = Ipv4Address.parse("10.2.0.2");

    private static Engine engine() {
        // Room for the answers each test's packets get (the engine stops making packets at its limit).
        return new Engine(TestWorlds.routedWithRightMtu(1400), new PassThroughNetfilter(), 20);
    }

    private static int inject(Engine engine, Ipv4Datagram d) {
        return engine.inject("r", "eth0", new Packet(new Ethernet(ROUTER, LEFT_MAC, Ethernet.TYPE_IPV4), d));
    }

    /** A UDP datagram of {@code total} bytes, IP header included. */
    private static Ipv4Datagram datagram(int total, boolean dontFragment) {
        return Datagrams.of(LEFT, RIGHT, 77, dontFragment, Datagrams.udp(5000, 9, "m".repeat(total - 28)));
    }

    private static List<Packet> sentBy(Engine engine, String node, String iface) {
        return engine.captures().on(node, iface).stream().filter(f -> f.direction() == Direction.OUT)
                .map(CapturedFrame::frame).filter(Packet::isIpv4).toList();
    }

    @Test
    void aDatagramWithDfTooBigForTheWayOutIsAnsweredWithFragmentationNeeded() {
        Engine engine = engine();
        int trace = inject(engine, datagram(1500, true));
        engine.run();
        assertThat(sentBy(engine, "r", "eth1")).isEmpty();
        List<Packet> answers = sentBy(engine, "r", "eth0");
        assertThat(answers).hasSize(1);
        IcmpMessage icmp = (IcmpMessage) answers.get(0).transport();
        assertThat(icmp.type()).isEqualTo(IcmpMessage.DESTINATION_UNREACHABLE);
        assertThat(icmp.code()).isEqualTo(4);
        assertThat(icmp.restOfHeader()).as("the next hop's MTU").isEqualTo(1400);
        assertThat(icmp.embedded().ttl()).as("quoted before ip_forward's TTL decrement").isEqualTo(64);
        assertThat(answers.get(0).ip().source()).isEqualTo(Ipv4Address.parse("10.1.0.1"));
        assertThat(answers.get(0).ip().totalLength()).isEqualTo(576);
        assertThat(engine.traces().get(trace).steps()).contains(new TraceStep.Dropped("r", "the datagram (1500 bytes,"
                + " DF set) is larger than eth1's MTU 1400; the kernel answers ICMP fragmentation needed (next-hop MTU"
                + " 1400)"));
    }

    @Test
    void fragmentationNeededIsNotRateLimited() {
        Engine engine = engine();
        for (int i = 0; i < 10; i++) {
            inject(engine, datagram(1500, true));
        }
        engine.run();
        assertThat(sentBy(engine, "r", "eth0")).hasSize(10);
    }

    @Test
    void aDatagramWithoutDfIsForwardedInFragments() {
        Engine engine = engine();
        int trace = inject(engine, datagram(1500, false));
        engine.run();
        List<Packet> out = sentBy(engine, "r", "eth1");
        assertThat(out).extracting(p -> p.ip().totalLength()).containsExactly(1396, 124);
        assertThat(out).extracting(p -> p.ip().fragmentOffset()).containsExactly(0, 1376 / 8);
        assertThat(out).extracting(p -> p.ip().moreFragments()).containsExactly(true, false);
        assertThat(out).allSatisfy(p -> {
            assertThat(p.ip().identification()).isEqualTo(77);
            assertThat(p.ip().ttl()).isEqualTo(63);
            assertThat(p.ip().dontFragment()).isFalse();
            assertThat(InternetChecksum.headerValid(p.ip())).isTrue();
            assertThat(p.ethernet().source()).isEqualTo(MacAddress.parse("02:00:00:00:03:01"));
        });
        assertThat(engine.traces().get(trace).steps()).anySatisfy(s -> assertThat(s)
                .isInstanceOfSatisfying(TraceStep.Transformed.class, t -> assertThat(t.cause())
                        .isEqualTo("ip_fragment: larger than eth1's MTU 1400, and DF is not set")));
    }

    /**
     * A checksum the sender left to its device (TX offload: the field holds the pseudo-header's sum) travels in the
     * first fragment's bytes, where no device could complete it: ip_do_fragment completes it first.
     */
    @Test
    void aChecksumLeftToTheDeviceIsCompletedBeforeFragmenting() {
        Ipv4Datagram whole = datagram(1500, false);
        UdpDatagram udp = (UdpDatagram) whole.transport();
        int partial = InternetChecksum.partialChecksum(whole.header(), udp);
        Engine engine = engine();
        inject(engine, whole.withTransport(udp.withChecksum(partial)));
        engine.run();
        Packet first = sentBy(engine, "r", "eth1").get(0);
        assertThat(((UdpDatagram) first.transport()).checksum()).isEqualTo(udp.checksum()).isNotEqualTo(partial);
    }

    @Test
    void aDatagramThatFitsIsForwardedWhole() {
        Engine engine = engine();
        inject(engine, datagram(1400, true));
        engine.run();
        assertThat(sentBy(engine, "r", "eth1")).extracting(p -> p.ip().totalLength()).containsExactly(1400);
    }

    /**
     * Bigger than the MTU of the link it came by, a datagram can only be a GSO packet (captured whole before the
     * device cut it, or merged by GRO): the kernel checks its segments against the way out, and they fit.
     */
    @Test
    void aGsoPacketBiggerThanItsOwnLinkPassesWhole() {
        Engine engine = engine();
        inject(engine, datagram(3000, true));
        engine.run();
        assertThat(sentBy(engine, "r", "eth1")).extracting(p -> p.ip().totalLength()).containsExactly(3000);
        // No fragmentation needed (the right host's port unreachable for its closed port 9 comes back, though).
        assertThat(sentBy(engine, "r", "eth0")).extracting(p -> ((IcmpMessage) p.transport()).code())
                .containsExactly(3);
    }
}
