package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's local and main tables, with the routes the kernel adds by itself for the addresses (see
 * {@link #of}) and the node's own routes. Lookup is longest prefix, local table first.
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

    /**
     * Builds the tables a namespace with these interfaces and routes has. The kernel's routes for an
     * address are fib_add_ifaddr's (Linux 6.x): a {@code local} route for the address; for a primary
     * address, also the connected route of its subnet (none for a /32, whose prefix is the address itself)
     * and the subnet's broadcast route (below /31). A secondary address (in a subnet, same prefix length,
     * an earlier address of the interface already has) gets only its {@code local} route. Every route
     * made for an address has the primary's address as {@code src}, so a connection leaving by that
     * subnet, or to the secondary itself, starts from the primary ({@code ip route get}).
     */
    public static RoutingTable of(Node node) {
        List<Route> local = new ArrayList<>();
        List<Route> main = new ArrayList<>();
        for (NetInterface i : node.interfaces()) {
            List<InterfaceAddress> primaries = new ArrayList<>();
            for (InterfaceAddress a : i.addresses()) {
                Cidr subnet = a.subnet();
                InterfaceAddress primary = primaries.stream().filter(p -> p.subnet().equals(subnet)).findFirst()
                        .orElse(null);
                Ipv4Address src = primary != null ? primary.address() : a.address();
                local.add(kernel(RouteTable.LOCAL, RouteType.LOCAL, Cidr.host(a.address()), i, src));
                if (primary != null) {
                    continue;
                }
                primaries.add(a);
                if (a.prefixLength() == 32) {
                    continue;
                }
                if (i instanceof Loopback) {
                    // On lo the subnet's route is a local one (in the local table): 127.0.0.1/8 makes all of
                    // 127/8 local, not just the address.
                    local.add(kernel(RouteTable.LOCAL, RouteType.LOCAL, subnet, i, src));
                } else {
                    main.add(Route.connected(subnet, i.name(), src));
                }
                if (a.prefixLength() < 31) {
                    local.add(kernel(RouteTable.LOCAL, RouteType.BROADCAST, Cidr.host(subnet.broadcast()), i, src));
                }
            }
        }
        main.addAll(node.routes());
        return new RoutingTable(local, main);
    }

    private static Route kernel(RouteTable table, RouteType type, Cidr destination, NetInterface i,
                                Ipv4Address src) {
        return new Route(table, type, destination, null, i.name(), src, 0, Route.Protocol.KERNEL);
    }

    /**
     * The route for {@code destination}: local table first, then main; null when the lookup fails, because no
     * route matches or because the best match is one that fails it (unreachable, prohibit, blackhole, throw: see
     * {@link #match} for which).
     */
    public Route lookup(Ipv4Address destination) {
        Route r = match(destination);
        return r == null || r.type().fails() ? null : r;
    }

    /**
     * The route a lookup for {@code destination} ends on, a failing one included (fib_table_lookup finds it, then
     * returns its type's error); null when none matches.
     */
    public Route match(Ipv4Address destination) {
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
