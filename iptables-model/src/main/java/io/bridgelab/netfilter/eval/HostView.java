package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.AddressType;

import java.util.List;

/**
 * What rule evaluation needs to know about the network namespace besides the packet: the route type of
 * an address ({@code -m addrtype}), interface addresses (MASQUERADE, REDIRECT) and the next hop
 * (MASQUERADE prefers an address in its subnet). The simulator implements it from its world; tests use
 * {@link StaticHostView}.
 */
public interface HostView {

    /**
     * The route type of {@code address} in the local routing table ({@code inet_addr_type}); with a
     * non-null {@code device}, LOCAL only if the local route is on that device
     * ({@code --limit-iface-in/out}).
     */
    AddressType addressType(Ipv4Address address, String device);

    /** The IPv4 addresses of an interface in {@code ip addr} order; empty if it has none or does not exist. */
    List<InterfaceAddress> addresses(String device);

    /** The gateway for {@code destination} via {@code outDevice}, or {@code destination} itself if on-link. */
    Ipv4Address nextHop(Ipv4Address destination, String outDevice);

    /**
     * The MTU of the route to {@code destination} (its {@code mtu} metric, else its device's), 0 when there is none:
     * what {@code -j TCPMSS --clamp-mss-to-pmtu} clamps to, for the way there and the way back.
     */
    int routeMtu(Ipv4Address destination);
}
