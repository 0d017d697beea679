package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.yaml.ScenarioFileLoader;
import io.bridgelab.sim.trace.Disposition;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Two ports of one bridge cabled to each other: the storm the kernel would keep up is stopped and named. */
class BridgeLoopTest {
    private static final String LOOP = """
            namespaces:
              - name: a
                interfaces:
                  - {name: eth0, addresses: [10.0.0.1/24], peer: "sw:p0"}
              - name: sw
                interfaces:
                  - {name: br0, kind: bridge}
                  - {name: p0, master: br0}
                  - {name: p1, master: br0, peer: "sw:p2"}
                  - {name: p2, master: br0}
                  - {name: p3, master: br0, peer: "b:eth0"}
              - name: b
                interfaces:
                  - {name: eth0, addresses: [10.0.0.3/24]}
            """;

    @Test
    @Timeout(60) // without the stop the storm never ends: fail, not hang
    void aFloodedFrameThatKeepsComingBackIsStoppedAsABridgeLoop() throws Exception {
        World world = ScenarioFileLoader.parse(Path.of("loop.yaml"), LOOP).world();
        Flow toNobody = new Flow("a", null, Ipv4Address.parse("10.0.0.2"), 80, IpProtocol.TCP);
        Trace t = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), toNobody, 1).run("loop");
        assertThat(t.disposition().kind()).isEqualTo(Disposition.Kind.DROPPED);
        assertThat(t.disposition().detail()).contains("bridge loop", "br0");
        long entries = t.packets().get(0).steps().stream()
                .filter(s -> s instanceof TraceStep.FdbFlooded).count();
        // Bounded: each copy of the ARP request enters br0 at most LOOP_ENTRIES times in all.
        assertThat(entries).isBetween((long) BridgeStage.LOOP_ENTRIES - 1, 4L * BridgeStage.LOOP_ENTRIES);
    }

    @Test
    void withoutTheLoopTheSameRequestIsFloodedOnce() throws Exception {
        World world = ScenarioFileLoader.parse(Path.of("ok.yaml"), LOOP.replace("      - {name: p1, master: br0, peer: \"sw:p2\"}\n", "")
                .replace("      - {name: p2, master: br0}\n", "")).world();
        Flow toNobody = new Flow("a", null, Ipv4Address.parse("10.0.0.2"), 80, IpProtocol.TCP);
        Trace t = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), toNobody, 1).run("ok");
        assertThat(t.disposition().detail()).doesNotContain("bridge loop");
        assertThat(t.packets().get(0).steps()).filteredOn(s -> s instanceof TraceStep.FdbFlooded).isNotEmpty()
                .hasSizeLessThan(5);
    }
}
