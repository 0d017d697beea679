package io.bridgelab.plugin.driver;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.EndpointInterface;
import io.bridgelab.plugin.ipam.InterfaceAddress;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateEndpoint's decisions, from state only (no I/O): the address (given, or the first free one of the
 * subnet), the MAC (given, or Docker's 02:42 + address), the veth names, and the checks that they collide
 * with nothing of {@code existing} (the stored endpoints plus those accepted earlier in the same group).
 */
final class EndpointRequests {
    private EndpointRequests() {
    }

    /** An accepted request: the endpoint to create in network {@code network} and the reply once it exists. */
    record Accepted(NetworkState network, EndpointState state, CreateEndpointResponse response) {
        Accepted onSpare(SpareVeths.Spare spare) {
            return new Accepted(network, state.withVeths(spare.host(), spare.peer()), response);
        }
    }

    static Accepted accept(CreateEndpointRequest r, NetworkState n, Collection<EndpointState> existing) {
        String id = Names.id(r.endpointId(), "EndpointID");
        EndpointInterface given = r.endpointInterface();
        Cidr subnet = Cidr.parse(n.subnet());
        String address;
        boolean chosenAddress = false;
        if (blank(given.address())) {
            address = firstFree(n, existing) + "/" + subnet.prefixLength();
            chosenAddress = true;
        } else {
            InterfaceAddress a = InterfaceAddress.parse(given.address(), "Interface.Address");
            if (!subnet.contains(a.address()) || a.subnet().prefixLength() != subnet.prefixLength()) {
                throw new DriverException("Interface.Address " + given.address() + " is not in subnet " + subnet);
            }
            address = a.toString();
        }
        String ip = address.substring(0, address.indexOf('/'));
        if (ip.equals(gatewayIp(n))) {
            throw new DriverException("Interface.Address " + ip + " is the gateway of network " + n.shortId());
        }
        for (EndpointState e : existing) {
            if (e.networkId().equals(n.id()) && e.ip().equals(ip)) {
                throw new DriverException("address " + ip + " is used by endpoint " + e.shortId());
            }
            if (e.hostVeth().equals(Plans.hostVeth(id))) {
                throw new DriverException("endpoint " + Names.shortId(id) + " collides with endpoint " + e.shortId()
                        + " in its first 12 characters");
            }
        }
        String mac;
        boolean chosenMac = false;
        if (blank(given.macAddress())) {
            mac = dockerMac(Ipv4Address.parse(ip));
            chosenMac = true;
        } else {
            try {
                mac = MacAddress.parse(given.macAddress()).toString();
            } catch (IllegalArgumentException ex) {
                throw new DriverException("Interface.MacAddress '" + given.macAddress() + "' is not a MAC address");
            }
        }
        EndpointState e = new EndpointState(id, n.id(), address, mac, Plans.hostVeth(id), Plans.peerVeth(id), null,
                List.of());
        // dockerd refuses a reply that sets a field it already set.
        EndpointInterface reply = new EndpointInterface(chosenAddress ? address : null, null, chosenMac ? mac : null);
        return new Accepted(n, e, new CreateEndpointResponse(reply.isEmpty() ? null : reply));
    }

    /**
     * CreateEndpoint for an endpoint already stored: a retry of a call whose reply was lost (plugin killed
     * after the commit). Same request, same answer; a different address or MAC is a conflict.
     */
    static CreateEndpointResponse retried(EndpointState e, NetworkState n, EndpointInterface given) {
        boolean givenAddress = !blank(given.address());
        boolean givenMac = !blank(given.macAddress());
        if (!e.networkId().equals(n.id())
                || givenAddress && !InterfaceAddress.parse(given.address(), "Interface.Address").toString().equals(e.address())
                || givenMac && !given.macAddress().equalsIgnoreCase(e.mac())) {
            throw new DriverException("endpoint " + e.shortId() + " already exists with another address or MAC");
        }
        EndpointInterface reply = new EndpointInterface(givenAddress ? null : e.address(), null, givenMac ? null : e.mac());
        return new CreateEndpointResponse(reply.isEmpty() ? null : reply);
    }

    /** The endpoint {@code endpointId} of {@code endpoints}, which must be in network {@code networkId}. */
    static EndpointState member(Map<String, EndpointState> endpoints, String networkId, String endpointId) {
        Names.id(networkId, "NetworkID");
        Names.id(endpointId, "EndpointID");
        EndpointState e = endpoints.get(endpointId);
        if (e == null) {
            throw new DriverException("unknown endpoint " + Names.shortId(endpointId));
        }
        if (!e.networkId().equals(networkId)) {
            throw new DriverException("endpoint " + e.shortId() + " is not in network " + Names.shortId(networkId));
        }
        return e;
    }

    /** Docker's own rule: 02:42 followed by the four address bytes. */
    static String dockerMac(Ipv4Address ip) {
        long bits = 0x0242_0000_0000L | Integer.toUnsignedLong(ip.bits());
        return new MacAddress(bits).toString();
    }

    static String gatewayIp(NetworkState n) {
        return n.gateway().substring(0, n.gateway().indexOf('/'));
    }

    private static Ipv4Address firstFree(NetworkState n, Collection<EndpointState> existing) {
        Cidr subnet = Cidr.parse(n.subnet());
        Set<String> used = new HashSet<>();
        used.add(gatewayIp(n));
        for (EndpointState e : existing) {
            if (e.networkId().equals(n.id())) {
                used.add(e.ip());
            }
        }
        for (Ipv4Address a = subnet.network().plus(1); subnet.contains(a) && !a.equals(subnet.broadcast()); a = a.plus(1)) {
            if (!used.contains(a.toString())) {
                return a;
            }
        }
        throw new DriverException("subnet " + subnet + " of network " + n.shortId() + " is full");
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
