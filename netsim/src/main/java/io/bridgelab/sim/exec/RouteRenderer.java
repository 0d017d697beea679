package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.RoutingRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code ip route [show table main|local|default|N|all]} and {@code ip rule} (iproute2 6.1: every route line ends with
 * a blank, and a table other than main is named only when listing all of them) and net-tools' {@code route -n}. Both list a
 * table in the FIB trie's order: by destination address, and for one address the longer prefix first.
 */
final class RouteRenderer {
    private static final Comparator<Route> TRIE_ORDER = Comparator
            .comparing((Route r) -> r.destination().network())
            .thenComparing(r -> -r.destination().prefixLength());

    private RouteRenderer() {
    }

    /**
     * {@code ip route show table T}: that table's routes; {@code table} null for all of them, each table after the
     * other in the kernel's dump order (its table hash: by id modulo 256, so table 100 before main and local).
     */
    static ExecResult ipRoute(NodeState state, RouteTable table) {
        Map<RouteTable, List<Route>> byTable = state.runtime().routes().byTable();
        if (table != null && !byTable.containsKey(table)) {
            // The kernel has only the tables routes were added to (and local and main): not default, nor one a rule
            // names without routes. iproute2's dump fails so.
            return new ExecResult("", "Error: ipv4: FIB table does not exist.\nDump terminated\n", 2);
        }
        List<RouteTable> dumpOrder = new ArrayList<>(byTable.keySet());
        dumpOrder.sort(Comparator.comparingLong((RouteTable t) -> t.id() & 255).thenComparingLong(RouteTable::id));
        StringBuilder s = new StringBuilder();
        for (RouteTable t : dumpOrder) {
            if (table == null || table.equals(t)) {
                for (Route r : sorted(byTable.get(t))) {
                    // A table other than main is named only when listing them all.
                    s.append(r.text(table == null)).append(linkdown(state, r)).append(" \n");
                }
            }
        }
        return ExecResult.ok(s.toString());
    }

    /** {@code ip rule show}: {@code PRIORITY:\tSELECTOR ACTION}, in the kernel's order. */
    /**
     * iproute2's " linkdown" after a route whose device has no carrier (RTNH_F_LINKDOWN: a tun nobody holds open, a
     * veth whose far end is down; see World.hasCarrier); a {@code local} route, of host scope, is not marked.
     */
    private static String linkdown(NodeState state, Route r) {
        return r.device() != null && r.type() != RouteType.LOCAL
                && !state.world().hasCarrier(state.node().name(), r.device())
                ? " linkdown" : "";
    }

    static ExecResult ipRule(NodeState state) {
        StringBuilder s = new StringBuilder();
        for (RoutingRule r : state.runtime().routes().rules()) {
            s.append(r).append('\n');
        }
        return ExecResult.ok(s.toString());
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
