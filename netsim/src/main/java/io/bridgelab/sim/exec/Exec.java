package io.bridgelab.sim.exec;

import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;

import java.util.List;

/**
 * {@code netsim exec}: answers one of the article's commands in a namespace of a simulated world, in the
 * real tool's output format, from the state the traffic simulated so far left (a never-run engine gives
 * the world's initial state).
 */
public final class Exec {
    private Exec() {
    }

    /**
     * Runs {@code argv} in {@code node}. An unknown node is an IllegalArgumentException naming the known
     * ones; an unsupported command an {@link UnsupportedCommandException}.
     */
    public static ExecResult run(Engine engine, EvaluatedNetfilter netfilter, String node, List<String> argv) {
        ShellCommand command = CommandParser.parse(argv);
        engine.world().node(node);
        return run(NodeState.of(engine, netfilter, node), command);
    }

    public static ExecResult run(NodeState state, ShellCommand command) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list complete by review.
        if (command instanceof ShellCommand.IpAddrShow c) {
            return IpLinkRenderer.render(state, c.device(), true);
        } else if (command instanceof ShellCommand.IpLinkShow c) {
            return IpLinkRenderer.render(state, c.device(), false);
        } else if (command instanceof ShellCommand.IpRouteShow c) {
            return RouteRenderer.ipRoute(state, c.table());
        } else if (command instanceof ShellCommand.IpRuleShow) {
            return RouteRenderer.ipRule(state);
        } else if (command instanceof ShellCommand.RouteNumeric) {
            return RouteRenderer.routeNumeric(state);
        } else if (command instanceof ShellCommand.IpNeighShow c) {
            return NeighbourRenderer.render(state, c.device());
        } else if (command instanceof ShellCommand.BrctlShow) {
            return BrctlRenderer.show(state);
        } else if (command instanceof ShellCommand.BrctlShowmacs c) {
            return BrctlRenderer.showmacs(state, c.bridge());
        } else if (command instanceof ShellCommand.BridgeFdbShow) {
            return BridgeFdbRenderer.render(state);
        } else if (command instanceof ShellCommand.IptablesList c) {
            return IptablesRenderer.list(state, c);
        } else if (command instanceof ShellCommand.IptablesSpec c) {
            return IptablesRenderer.spec(state, c);
        } else if (command instanceof ShellCommand.IptablesSave c) {
            return IptablesRenderer.save(state, c);
        } else if (command instanceof ShellCommand.ConntrackList) {
            return ConntrackRenderer.render(state);
        } else if (command instanceof ShellCommand.SysfsRead c) {
            return SysfsRenderer.render(state, c);
        } else if (command instanceof ShellCommand.Tcpdump c) {
            return TcpdumpRenderer.render(state, c);
        } else if (command instanceof ShellCommand.Ss c) {
            return SsRenderer.render(state, c);
        }
        throw new IllegalStateException("no renderer for " + command);
    }
}
