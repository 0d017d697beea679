package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.conntrack.Connection;
import io.bridgelab.netfilter.conntrack.ConntrackListing;

import java.util.List;

/**
 * {@code conntrack -L}: iptables-model's rendering of the node's conntrack entries at the simulated time
 * (timeouts count down from the moment the simulation stopped); the entry count goes to stderr, as the
 * real tool prints it. A namespace without rules has no conntrack hooks, so nothing in its table.
 */
final class ConntrackRenderer {
    private ConntrackRenderer() {
    }

    static ExecResult render(NodeState state) {
        List<Connection> connections = state.connections();
        return new ExecResult(ConntrackListing.render(connections, state.nowMillis()),
                ConntrackListing.summary(connections.size()) + "\n", 0);
    }
}
