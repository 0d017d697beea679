package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ip route [show table main|local|all]} (iproute2 6.1: every line ends with a blank, and a table
 * other than main is named only when listing all of them) and net-tools' {@code route -n}. Both list a
 * table in the FIB trie's order: by destination address, and for one address the longer prefix first.
 */
final class RouteRenderer {
    private static final Comparator<Route> TRIE_ORDER = Comparator
            .comparing((Route r) -> r.destination().network())
            .thenComparing(r -> -r.destination().prefixLength());

    private RouteRenderer() {
    }

    static ExecResult ipRoute(NodeState state, ShellCommand.RouteTables tables) {
        StringBuilder s = new StringBuilder();
        if (tables != ShellCommand.RouteTables.LOCAL) {
            for (Route r : sorted(state.runtime().routes().main())) {
                s.append(line(r, false)).append(" \n");
            }
        }
        if (tables != ShellCommand.RouteTables.MAIN) {
            for (Route r : sorted(state.runtime().routes().local())) {
                s.append(line(r, tables == ShellCommand.RouteTables.ALL)).append(" \n");
            }
        }
        return ExecResult.ok(s.toString());
    }

    private static String line(Route r, boolean nameTable) {
        String text = r.toString();
        return !nameTable && r.table().equals(RouteTable.LOCAL) ? text.replace(" table local", "") : text;
    }

    private static List<Route> sorted(List<Route> routes) {
        List<Route> out = new ArrayList<>(routes);
        out.sort(TRIE_ORDER);
        return out;
    }

    /**
     * net-tools' route -n: /proc/net/route's main table, {@code %-15s %-15s %-15s %-5s %-6d %-2d %7d %s}. The kernel
     * flags an unreachable or prohibit route RTF_REJECT, which route -n prints as {@code !} with {@code -} for its
     * gateway, reference count and interface; a blackhole or throw route is an ordinary one leaving by {@code *}.
     */
    static ExecResult routeNumeric(NodeState state) {
        StringBuilder s = new StringBuilder("Kernel IP routing table\n");
        s.append("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
        for (Route r : sorted(state.runtime().routes().main())) {
            boolean reject = r.type() == RouteType.UNREACHABLE || r.type() == RouteType.PROHIBIT;
            String host = r.destination().prefixLength() == 32 ? "H" : "";
            String flags = reject ? "!" + host : "U" + (r.gateway() != null ? "G" : "") + host;
            String gateway = reject ? "-" : (r.gateway() != null ? r.gateway() : Ipv4Address.ANY).toString();
            String device = reject ? "-" : r.device() != null ? r.device() : "*";
            s.append(String.format("%-15s %-15s %-15s %-5s %-6d %-2s %7d %s\n", r.destination().network(), gateway,
                    new Ipv4Address(Cidr.mask(r.destination().prefixLength())), flags,
                    r.metric(), reject ? "-" : "0", 0, device));
        }
        return ExecResult.ok(s.toString());
    }
}
