package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's local and main tables, with the routes the kernel adds by itself for every address (a
 * {@code local} route for the address, a {@code broadcast} route for the subnet's broadcast, a
 * connected route in main) and the node's own routes. Lookup is longest prefix, local table first.
 */
public final class RoutingTable {
    private final List<Route> local;
    private final List<Route> main;
    // The same routes as flat arrays: every packet looks routes up several times (the routing decision,
    // rp_filter, the martian check), and comparing ints in a row costs a fraction of following each
    // route to its Cidr and address objects.
    private final Prefixes localPrefixes;
    private final Prefixes mainPrefixes;

    private RoutingTable(List<Route> local, List<Route> main) {
        this.local = List.copyOf(local);
        this.main = List.copyOf(main);
        this.localPrefixes = new Prefixes(this.local);
        this.mainPrefixes = new Prefixes(this.main);
    }

    /**
     * One table's routes as parallel arrays of network, mask, prefix length and metric; immutable after
     * construction, like the table.
     */
    private static final class Prefixes {
        private final Route[] routes;
        private final int[] networks;
        private final int[] masks;
        private final int[] lengths;
        private final int[] metrics;

        Prefixes(List<Route> list) {
            int n = list.size();
            routes = list.toArray(Route[]::new);
            networks = new int[n];
            masks = new int[n];
            lengths = new int[n];
            metrics = new int[n];
            for (int i = 0; i < n; i++) {
                Cidr c = routes[i].destination();
                networks[i] = c.network().bits();
                masks[i] = c.mask();
                lengths[i] = c.prefixLength();
                metrics[i] = routes[i].metric();
            }
        }

        /** Longest prefix, then lowest metric, then first in the table: as {@link Cidr#contains} row by row. */
        Route longestPrefix(Ipv4Address destination) {
            int bits = destination.bits();
            int best = -1;
            for (int i = 0; i < networks.length; i++) {
                if ((bits & masks[i]) == networks[i]
                        && (best < 0 || lengths[i] > lengths[best]
                        || lengths[i] == lengths[best] && metrics[i] < metrics[best])) {
                    best = i;
                }
            }
            return best < 0 ? null : routes[best];
        }
    }

    /** Builds the tables a namespace with these interfaces and routes has. */
    public static RoutingTable of(Node node) {
        List<Route> local = new ArrayList<>();
        List<Route> main = new ArrayList<>();
        for (NetInterface i : node.interfaces()) {
            for (InterfaceAddress a : i.addresses()) {
                Cidr subnet = a.subnet();
                if (a.address().isLoopback() && a.prefixLength() < 32) {
                    // lo's 127.0.0.1/8 makes the whole /8 local, not just the address.
                    local.add(new Route(RouteTable.LOCAL, RouteType.LOCAL, subnet, null, i.name(), a.address(), 0));
                }
                local.add(new Route(RouteTable.LOCAL, RouteType.LOCAL, Cidr.host(a.address()), null, i.name(),
                        a.address(), 0));
                if (a.prefixLength() < 31) {
                    local.add(new Route(RouteTable.LOCAL, RouteType.BROADCAST, Cidr.host(subnet.broadcast()), null,
                            i.name(), a.address(), 0));
                }
                if (!a.address().isLoopback()) {
                    main.add(Route.connected(subnet, i.name(), a.address()));
                }
            }
        }
        main.addAll(node.routes());
        return new RoutingTable(local, main);
    }

    /** The route for {@code destination}: local table first, then main; null when there is none. */
    public Route lookup(Ipv4Address destination) {
        Route r = localPrefixes.longestPrefix(destination);
        return r != null ? r : mainPrefixes.longestPrefix(destination);
    }

    /** The local table's route for {@code address} (local or broadcast), or null. */
    public Route lookupLocal(Ipv4Address address) {
        return localPrefixes.longestPrefix(address);
    }

    /** Whether {@code address} is a local address here ({@code -m addrtype --dst-type LOCAL}). */
    public boolean isLocal(Ipv4Address address) {
        Route r = localPrefixes.longestPrefix(address);
        return r != null && r.type() == RouteType.LOCAL;
    }

    public List<Route> local() {
        return local;
    }

    public List<Route> main() {
        return main;
    }
}
