package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.conntrack.Connection;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.sim.engine.CaptureTaps;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;

import java.util.List;

/**
 * What the commands run in one namespace can see: the node as loaded, its runtime state (FDBs, ARP cache)
 * and its netfilter (counters, conntrack) after the traffic simulated so far, at the simulated time
 * {@code nowNanos}, and what tcpdump on its interfaces would have seen of that traffic.
 *
 * @param netfilter the node's evaluator, or null when no packet met its rules yet (or none are loaded)
 */
public record NodeState(World world, NodeRuntime runtime, Netfilter netfilter, long nowNanos, CaptureTaps captures) {

    /** The state of {@code node} in a run (or a never-run engine: the world's initial state). */
    public static NodeState of(Engine engine, EvaluatedNetfilter netfilter, String node) {
        NodeRuntime runtime = engine.node(node);
        return new NodeState(engine.world(), runtime, netfilter == null ? null : netfilter.of(node), engine.now(),
                engine.captures());
    }

    public Node node() {
        return runtime.node();
    }

    /** The ruleset with the counters the traffic so far left, as iptables shows it. */
    public Ruleset ruleset() {
        return netfilter == null ? node().ruleset() : netfilter.countedRuleset();
    }

    public long nowMillis() {
        return nowNanos / 1_000_000;
    }

    /** The conntrack entries alive now (none where no hook ever ran: the kernel tracks nothing there). */
    public List<Connection> connections() {
        return netfilter == null ? List.of() : netfilter.conntrack().connections(nowMillis());
    }
}
