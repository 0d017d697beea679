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
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame for a bridge port's own MAC is the bridge's: its FDB holds every port's MAC as local, and the bridge
 * passes such a frame up to its own stack as it does one for the bridge's MAC (br_pass_frame_up).
 */
class BridgeLocalMacTest {
    @Test
    void aFrameForAnotherPortsMacReachesTheBridgesStack() throws Exception {
        // a's static neighbour entry sends 10.0.0.1's frames to p1's MAC; they arrive on p0.
        World world = ScenarioFileLoader.parse(Path.of("local-mac.yaml"), """
                namespaces:
                  - name: a
                    interfaces:
                      - {name: eth0, addresses: [10.0.0.2/24], peer: "sw:p0"}
                    neighbours:
                      - {dev: eth0, address: 10.0.0.1, mac: "02:00:00:00:00:b1"}
                  - name: sw
                    interfaces:
                      - {name: br0, kind: bridge, mac: "02:00:00:00:00:b0", addresses: [10.0.0.1/24]}
                      - {name: p0, master: br0, mac: "02:00:00:00:00:a0"}
                      - {name: p1, master: br0, mac: "02:00:00:00:00:b1", peer: "b:eth0"}
                    listen:
                      - {port: 80, process: httpd}
                  - name: b
                    interfaces:
                      - {name: eth0, addresses: [10.0.0.3/24]}
                """).world();
        Flow flow = new Flow("a", null, Ipv4Address.parse("10.0.0.1"), 80, IpProtocol.TCP);
        Trace t = new Simulation(world, new EvaluatedNetfilter(Netfilter.Mode.FAST), flow, 1).run("local-mac");
        assertThat(t.disposition().kind()).as(t.disposition().detail()).isEqualTo(Disposition.Kind.DELIVERED);
        assertThat(t.disposition().detail()).contains("sw");
    }
}
