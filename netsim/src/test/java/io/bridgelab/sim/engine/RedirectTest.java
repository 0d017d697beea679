package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.load.yaml.ScenarioFileLoader;
import io.bridgelab.sim.trace.PacketTrace;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ICMP redirects: a router that forwards a packet back out of the link it came by tells the sender the better next
 * hop (the redirect kernel scenario checks the frames, the back-off and conntrack's NAT drop against Linux's).
 */
class RedirectTest {
    private static final Path REDIRECT_HOST = Path.of("../fixtures/scenarios/redirect/captured/snapshot-before");
    private static final Flow TO_THE_OTHER_NET = new Flow("test1", null, Ipv4Address.parse("10.9.0.1"), 9,
            IpProtocol.UDP);

    /** A LAN 10.0.0.0/24 on a bridge: a (the sender), r (its default router) and gw (r's way to 10.9.0.0/16). */
    private static World lan(String routerSysctls) throws Exception {
        return ScenarioFileLoader.parse(Path.of("lan.yaml"), """
                namespaces:
                  - name: lan
                    interfaces:
                      - {name: br0, kind: bridge}
                      - {name: pa, master: br0, peer: "a:eth0"}
                      - {name: pr, master: br0, peer: "r:eth0"}
                      - {name: pg, master: br0, peer: "gw:eth0"}
                  - name: a
                    interfaces: [{name: eth0, addresses: [10.0.0.2/24]}]
                    routes: [{to: default, via: 10.0.0.1}]
                  - name: r
                    interfaces: [{name: eth0, addresses: [10.0.0.1/24]}]
                    routes: [{to: 10.9.0.0/16, via: 10.0.0.3}]
                    sysctls: {ip_forward: true%s}
                  - name: gw
                    interfaces: [{name: eth0, addresses: [10.0.0.3/24]}]
                """.formatted(routerSysctls)).world();
    }

    private static List<IcmpMessage> redirectsTo(Simulation sim, String node) {
        return sim.engine().captures().on(node, "eth0").stream().filter(f -> f.direction() == Direction.IN)
                .map(CapturedFrame::frame).filter(Packet::isIpv4)
                .filter(p -> p.transport() instanceof IcmpMessage m && m.type() == IcmpMessage.REDIRECT)
                .map(p -> (IcmpMessage) p.transport()).toList();
    }

    @Test
    void aRouterSendingAPacketBackOutOfItsLinkRedirectsTheSender() throws Exception {
        Simulation sim = new Simulation(lan(""), new PassThroughNetfilter(),
                new Flow("a", null, Ipv4Address.parse("10.9.0.1"), 9, IpProtocol.UDP), 3);
        Trace trace = sim.run("lan");
        assertThat(redirectsTo(sim, "a")).singleElement().satisfies(m -> {
            assertThat(m.code()).as("for the host").isEqualTo(1);
            assertThat(new Ipv4Address(m.restOfHeader())).isEqualTo(Ipv4Address.parse("10.0.0.3"));
            assertThat(m.embedded().ttl()).as("quoted after the TTL decrement").isEqualTo(63);
        });
        assertThat(trace.packets()).extracting(PacketTrace::summary).anySatisfy(s -> assertThat(s)
                .contains("10.0.0.1 > 10.0.0.2 ICMP redirect 10.9.0.1 to host 10.0.0.3"));
        // The datagram itself still goes on to gw.
        assertThat(sim.engine().captures().on("gw", "eth0")).anySatisfy(f -> assertThat(f.frame().isIpv4()
                && f.frame().ip().destination().equals(Ipv4Address.parse("10.9.0.1"))).isTrue());
    }

    @Test
    void noRedirectWhenTheRouterSendsNone() throws Exception {
        Simulation sim = new Simulation(lan(", send_redirects: false"), new PassThroughNetfilter(),
                new Flow("a", null, Ipv4Address.parse("10.9.0.1"), 9, IpProtocol.UDP), 3);
        sim.run("lan");
        assertThat(redirectsTo(sim, "a")).isEmpty();
    }

    /** The redirect host's first datagram: conntrack's NAT drops its redirect, the connection's NAT not done yet. */
    @Test
    void natDropsTheRedirectForAFlowsFirstPacket() throws Exception {
        World w = SnapshotLoader.load(REDIRECT_HOST);
        Simulation sim = new Simulation(w, new EvaluatedNetfilter(Netfilter.Mode.REFERENCE), TO_THE_OTHER_NET, 3);
        Trace trace = sim.run("redirect");
        assertThat(redirectsTo(sim, "test1")).isEmpty();
        assertThat(trace.packets()).anySatisfy(p -> assertThat(p.steps()).anySatisfy(s -> assertThat(s)
                .isEqualTo(new TraceStep.Dropped("host", "dropped at OUTPUT: an ICMP redirect about a connection whose"
                        + " NAT is not done yet: nf_nat_icmp_reply_translation drops it"))));

        Simulation noNat = new Simulation(SnapshotLoader.load(REDIRECT_HOST), new PassThroughNetfilter(),
                TO_THE_OTHER_NET, 3);
        noNat.run("redirect");
        assertThat(redirectsTo(noNat, "test1")).singleElement().satisfies(m -> assertThat(new Ipv4Address(
                m.restOfHeader())).isEqualTo(Ipv4Address.parse("172.17.0.4")));
    }
}
