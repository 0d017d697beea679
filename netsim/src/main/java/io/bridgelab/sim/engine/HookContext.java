package io.bridgelab.sim.engine;

import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.world.Node;

/**
 * What a netfilter evaluator may read about the namespace a hook runs in: its ruleset, addresses
 * (for MASQUERADE), local addresses (for {@code addrtype}) and the simulated time (for conntrack).
 *
 * @param bridged true when br_netfilter runs the hook for a bridged frame
 */
public record HookContext(Node node, RoutingTable routes, long nowNanos, boolean bridged) {
}
