package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.sim.l3.Datagrams;
import io.bridgelab.sim.load.FixtureArticleHost;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SYN to the published port whose TCP checksum is wrong: conntrack marks it INVALID in PREROUTING, so the DNAT
 * rule never sees it, and the host's own TCP drops it; the trace says so at each step. (The kernel's behaviour is
 * proved by the fixture scenario bad-checksum.)
 */
class BadChecksumTraceTest {
    private static final MacAddress HOST_ETH0 = MacAddress.parse("02:00:c0:a8:01:0a");
    private static final MacAddress EXT = MacAddress.parse("02:00:c0:a8:01:14");

    @Test
    void aBadChecksumIsInvalidInPreroutingAndNeverDnated() {
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(FixtureArticleHost.build(), netfilter, 10);
        Ipv4Datagram syn = Datagrams.of(Ipv4Address.parse("192.168.1.20"), Ipv4Address.parse("192.168.1.10"), 9,
                true, Datagrams.tcp(40000, 8088, 1, 0, TcpFlags.SYN, null));
        int right = ((TcpSegment) syn.transport()).checksum();
        Ipv4Datagram bad = syn.withTransport(((TcpSegment) syn.transport()).withChecksum(right ^ 0x0101));
        int trace = engine.inject("host", "eth0", new Packet(new Ethernet(HOST_ETH0, EXT, Ethernet.TYPE_IPV4), bad));
        engine.run();

        List<TraceStep> steps = engine.traces().get(trace).steps();
        String why = String.format("bad TCP checksum 0x%04x (should be 0x%04x)", right ^ 0x0101, right);
        assertThat(steps).filteredOn(TraceStep.ConntrackLookup.class::isInstance).first()
                .isEqualTo(new TraceStep.ConntrackLookup("host", why + ", checked in PREROUTING "
                        + "(nf_conntrack_checksum=1)", false, "INVALID", null));
        assertThat(steps).noneMatch(s -> s instanceof TraceStep.Transformed);
        assertThat(steps).last().isEqualTo(new TraceStep.Dropped("host", why
                + ": the TCP receive path drops it"));
        assertThat(engine.captures().on("host", "docker0")).isEmpty();
        assertThat(netfilter.of("host").conntrack().size()).isZero();
    }

    @Test
    void withTheChecksumCheckOffItIsDnatedAndForwardedStillWrong() {
        // Measured on the kernel (fixtures/scenarios/bad-checksum/README.md, nf_conntrack_checksum=0): SYN
        // 192.168.1.20:40001 -> 192.168.1.10:8088, seq 0x10000001, IP id 0x1001, TCP checksum 0xbeef, is DNATed to
        // 172.17.0.4:80 with its checksum adjusted by difference to 0xf3d4 (right would be 0x9a8d), and test2's TCP
        // drops it.
        World world = new World(FixtureArticleHost.build().nodes().stream().map(n -> !n.name().equals("host") ? n
                : new Node(n.name(), n.interfaces(), n.routes(), n.neighbours(),
                n.sysctls().withConntrackChecksum(false), n.ruleset(), n.sockets())).toList());
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(world, netfilter, 10);
        Ipv4Datagram syn = Datagrams.of(Ipv4Address.parse("192.168.1.20"), Ipv4Address.parse("192.168.1.10"),
                0x1001, true, Datagrams.tcp(40001, 8088, 0x10000001L, 0, TcpFlags.SYN, null));
        Ipv4Datagram bad = syn.withTransport(((TcpSegment) syn.transport()).withChecksum(0xbeef));
        int trace = engine.inject("host", "eth0", new Packet(new Ethernet(HOST_ETH0, EXT, Ethernet.TYPE_IPV4), bad));
        engine.run();

        List<TcpSegment> forwarded = engine.captures().on("host", "veth-test2").stream().map(CapturedFrame::frame)
                .filter(Packet::isIpv4).map(p -> (TcpSegment) p.transport()).toList();
        assertThat(forwarded).singleElement().satisfies(t -> {
            assertThat(t.destinationPort()).isEqualTo(80);
            assertThat(t.checksum()).isEqualTo(0xf3d4);
        });
        assertThat(engine.traces().get(trace).steps()).last().isEqualTo(new TraceStep.Dropped("test2",
                "bad TCP checksum 0xf3d4 (should be 0x9a8d): the TCP receive path drops it"));
    }
}
