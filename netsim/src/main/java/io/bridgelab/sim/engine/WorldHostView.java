package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.eval.HostView;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;

import java.util.ArrayList;
import java.util.List;

/**
 * What the netfilter evaluator may ask about a simulated namespace, answered from its routing tables
 * and interfaces (the kernel's inet_addr_type, the device's addresses, the route's gateway).
 */
public final class WorldHostView implements HostView {
    private final Node node;
    private final RoutingTable routes;

    public WorldHostView(Node node, RoutingTable routes) {
        this.node = node;
        this.routes = routes;
    }

    /** inet_addr_type: only the local table counts; an address without a local route is UNICAST. */
    @Override
    public AddressType addressType(Ipv4Address address, String device) {
        if (address.equals(Ipv4Address.BROADCAST)) {
            return AddressType.BROADCAST;
        }
        if (address.isMulticast()) {
            return AddressType.MULTICAST;
        }
        Route r = routes.lookupLocal(address);
        if (r == null || device != null && !r.device().equals(device)) {
            return AddressType.UNICAST;
        }
        return r.type() == RouteType.BROADCAST ? AddressType.BROADCAST : AddressType.LOCAL;
    }

    @Override
    public List<InterfaceAddress> addresses(String device) {
        NetInterface i = device == null ? null : node.iface(device);
        if (i == null) {
            return List.of();
        }
        List<InterfaceAddress> out = new ArrayList<>();
        List<io.bridgelab.netfilter.packet.Cidr> seen = new ArrayList<>();
        for (io.bridgelab.sim.world.InterfaceAddress a : i.addresses()) {
            // A second address in a subnet the interface already has is secondary; MASQUERADE skips it.
            boolean secondary = seen.contains(a.subnet());
            seen.add(a.subnet());
            out.add(new InterfaceAddress(a.address(), a.prefixLength(), secondary, a.address().isLoopback()));
        }
        return out;
    }

    @Override
    public Ipv4Address nextHop(Ipv4Address destination, String outDevice) {
        Route r = routes.lookup(destination);
        return r != null && r.gateway() != null && r.device().equals(outDevice) ? r.gateway() : destination;
    }

    /** The output lookup's route (ip route get): its mtu metric, else its device's MTU; 0 without a route. */
    @Override
    public int routeMtu(Ipv4Address destination) {
        return routes.mtuTo(destination, node);
    }
}
