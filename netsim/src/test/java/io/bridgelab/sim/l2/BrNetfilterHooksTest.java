package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.HookContext;
import io.bridgelab.sim.engine.HookResult;
import io.bridgelab.sim.engine.NetfilterStage;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.testing.TestWorlds;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Which hooks br_netfilter runs for bridged frames, with which -i/-o and physdev ports (a recording stage). */
class BrNetfilterHooksTest {
    /** Records every hook call in the bridge's namespace as "HOOK in=.. out=.. physin=.. physout=..". */
    private static final class Recording implements NetfilterStage {
        final List<String> calls = new ArrayList<>();

        @Override
        public HookResult hook(Hook hook, HookContext context, Packet packet, Object conntrack,
                               Consumer<TraceStep> steps) {
            if (context.node().name().equals("sw") && packet.transport() != null) {
                var m = packet.metadata();
                calls.add(hook + " in=" + m.inInterface() + " out=" + m.outInterface() + " physin=" + m.physIn()
                        + " physout=" + m.physOut() + (context.bridged() ? " bridged" : ""));
            }
            return HookResult.accept(packet, null);
        }
    }

    private static List<String> run(World world) {
        Recording nf = new Recording();
        new Simulation(world, nf, new Flow("a", null, Ipv4Address.parse("10.0.0.2"), 80, IpProtocol.TCP), 1)
                .run("test");
        return nf.calls;
    }

    @Test
    void aBridgedIpv4FrameMeetsPreroutingForwardAndPostroutingWithTheBridgeAndItsPorts() {
        assertThat(run(TestWorlds.bridged(false))).containsExactly(
                "PREROUTING in=br0 out=null physin=pa physout=null bridged",
                "FORWARD in=br0 out=br0 physin=pa physout=pb bridged",
                "POSTROUTING in=null out=br0 physin=pa physout=pb bridged");
    }

    @Test
    void withBridgeNfCallIptablesOffNoHookRuns() {
        World on = TestWorlds.bridged(false);
        List<Node> nodes = new ArrayList<>();
        for (Node n : on.nodes()) {
            nodes.add(n.name().equals("sw") ? new Node(n.name(), n.interfaces(), n.routes(), n.neighbours(),
                    new Sysctls(false, false), n.ruleset(), n.sockets()) : n);
        }
        assertThat(run(new World(nodes))).isEmpty();
    }
}
