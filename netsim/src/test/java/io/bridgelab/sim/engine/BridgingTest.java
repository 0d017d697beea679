package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.sim.l2.Fdb;
import io.bridgelab.sim.l3.Datagrams;
import io.bridgelab.sim.testing.TestWorlds;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bridge learning, flooding, forwarding and hairpin, with ARP resolving across the bridge. */
class BridgingTest {
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private static Simulation aToB() {
        return new Simulation(TestWorlds.bridged(false), new PassThroughNetfilter(),
                new Flow("a", null, B, 80, IpProtocol.TCP), 5);
    }

    @Test
    void anHttpExchangeAcrossTheBridgeIsDelivered() {
        Simulation sim = aToB();
        Trace trace = sim.run("test");
        assertThat(trace.disposition().kind()).isEqualTo(Disposition.Kind.DELIVERED);
        assertThat(trace.packets()).hasSize(5);
    }

    @Test
    void theArpRequestIsFloodedToEveryOtherPortAndOnlyItReachesTheBystander() {
        Simulation sim = aToB();
        sim.run("test");
        List<CapturedFrame> toC = sim.engine().captures().on("sw", "pc");
        assertThat(toC).hasSize(1);
        assertThat(toC.get(0).direction()).isEqualTo(Direction.OUT);
        ArpMessage arp = (ArpMessage) toC.get(0).frame().network();
        assertThat(arp.operation()).isEqualTo(ArpMessage.REQUEST);
        assertThat(arp.targetIp()).isEqualTo(B);
        assertThat(toC.get(0).frame().ethernet().destination().isBroadcast()).isTrue();
        assertThat(sim.engine().captures().on("c", "eth0")).hasSize(1);
    }

    @Test
    void theBridgeLearnsBothSendersAndNotTheBystander() {
        Simulation sim = aToB();
        sim.run("test");
        Fdb fdb = sim.engine().node("sw").fdb("br0");
        long now = sim.engine().now();
        assertThat(fdb.lookup(TestWorlds.MAC_A, now).port()).isEqualTo("pa");
        assertThat(fdb.lookup(TestWorlds.MAC_B, now).port()).isEqualTo("pb");
        assertThat(fdb.lookup(TestWorlds.MAC_C, now)).isNull();
    }

    @Test
    void theSenderAsksOnceQueuesAndSendsAfterTheReply() {
        Simulation sim = aToB();
        sim.run("test");
        List<CapturedFrame> a = sim.engine().captures().on("a", "eth0");
        assertThat(a.get(0).frame().network()).isInstanceOf(ArpMessage.class);
        assertThat(a.get(0).direction()).isEqualTo(Direction.OUT);
        assertThat(((ArpMessage) a.get(1).frame().network()).operation()).isEqualTo(ArpMessage.REPLY);
        assertThat(a.get(2).frame().transport()).isInstanceOf(io.bridgelab.netfilter.packet.TcpSegment.class);
        assertThat(a.stream().filter(f -> f.frame().network() instanceof ArpMessage).count()).isEqualTo(2);
        // b learned a's MAC from the request itself, so it answers the SYN without asking.
        assertThat(sim.engine().captures().on("b", "eth0").stream()
                .filter(f -> f.direction() == Direction.OUT && f.frame().network() instanceof ArpMessage m
                        && m.operation() == ArpMessage.REQUEST)).isEmpty();
    }

    @Test
    void aKnownUnicastIsForwardedToOnePortOnly() {
        Simulation sim = aToB();
        Trace trace = sim.run("test");
        List<TraceStep> synAck = trace.packets().get(1).steps();
        assertThat(synAck).anySatisfy(s -> assertThat(s).isEqualTo(
                new TraceStep.FdbHit("sw", "br0", TestWorlds.MAC_A.toString(), "pa", false)));
        assertThat(synAck).noneMatch(s -> s instanceof TraceStep.FdbFlooded);
    }

    @Test
    void withoutHairpinTheBridgeDropsAFrameForTheIngressPort() {
        Engine engine = hairpinEngine(false);
        engine.run();
        assertThat(engine.traces().get(1).outcome()).isInstanceOf(TraceStep.Dropped.class);
        assertThat(((TraceStep.Dropped) engine.traces().get(1).outcome()).cause()).contains("hairpin_mode off");
        assertThat(engine.captures().on("sw", "pa").stream().filter(f -> f.direction() == Direction.OUT)).isEmpty();
    }

    @Test
    void withHairpinTheFrameGoesBackOutOfTheIngressPort() {
        Engine engine = hairpinEngine(true);
        engine.run();
        assertThat(engine.captures().on("sw", "pa").stream().filter(f -> f.direction() == Direction.OUT)).hasSize(1);
    }

    /** Teaches br0 that MAC_B is behind pa, then sends a frame for MAC_B into pa. */
    private static Engine hairpinEngine(boolean hairpin) {
        Engine engine = new Engine(TestWorlds.bridged(hairpin), new PassThroughNetfilter(), 10);
        // Addressed to the bridge itself, so that learning is all it causes.
        Packet fromB = new Packet(new Ethernet(MacAddress.parse("02:00:00:00:00:01"), TestWorlds.MAC_B,
                Ethernet.TYPE_IPV4),
                Datagrams.of(B, Ipv4Address.parse("10.0.0.1"), 1, true, Datagrams.tcp(1, 2, 0, 0, TcpFlags.SYN, null)));
        engine.inject("sw", "pa", fromB);
        engine.run();
        Packet toB = new Packet(new Ethernet(TestWorlds.MAC_B, TestWorlds.MAC_A, Ethernet.TYPE_IPV4),
                Datagrams.of(Ipv4Address.parse("10.0.0.1"), B, 2, true, Datagrams.tcp(2, 1, 0, 0, TcpFlags.SYN, null)));
        engine.inject("sw", "pa", toB);
        return engine;
    }
}
