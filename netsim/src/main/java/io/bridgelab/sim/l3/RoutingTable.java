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
    // The same routes as arrays: every packet looks routes up several times, and a list's iterator
    // is an allocation the JIT does not always remove.
    private final Route[] localArray;
    private final Route[] mainArray;

    private RoutingTable(List<Route> local, List<Route> main) {
        this.local = List.copyOf(local);
        this.main = List.copyOf(main);
        this.localArray = local.toArray(Route[]::new);
        this.mainArray = main.toArray(Route[]::new);
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
        Route r = longestPrefix(localArray, destination);
        return r != null ? r : longestPrefix(mainArray, destination);
    }

    /** The local table's route for {@code address} (local or broadcast), or null. */
    public Route lookupLocal(Ipv4Address address) {
        return longestPrefix(localArray, address);
    }

    /** Whether {@code address} is a local address here ({@code -m addrtype --dst-type LOCAL}). */
    public boolean isLocal(Ipv4Address address) {
        Route r = longestPrefix(localArray, address);
        return r != null && r.type() == RouteType.LOCAL;
    }

    private static Route longestPrefix(Route[] routes, Ipv4Address destination) {
        Route best = null;
        for (Route r : routes) {
            if (r.destination().contains(destination)
                    && (best == null || r.destination().prefixLength() > best.destination().prefixLength()
                    || r.destination().prefixLength() == best.destination().prefixLength()
                    && r.metric() < best.metric())) {
                best = r;
            }
        }
        return best;
    }

    public List<Route> local() {
        return local;
    }

    public List<Route> main() {
        return main;
    }
}
