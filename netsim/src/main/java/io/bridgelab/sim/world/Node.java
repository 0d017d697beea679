package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Ruleset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One network namespace: its interfaces, the routes added beside the kernel's own (connected and
 * local routes follow from the addresses), static neighbours, sysctls, iptables ruleset and the
 * sockets listening in it.
 *
 * @param routes          the routes of every table but those the kernel makes for the addresses ({@link
 *                        Route#table()} says which)
 * @param rules           the policy routing rules ({@code ip rule}), in priority order
 *
 * @param checksumOffload the interfaces with TX checksum offload on ({@code ethtool -k}: tx-checksumming): the
 *                        stack leaves a TCP or UDP checksum sent there to the device, and a capture shows it
 *                        partial; on the others the kernel completes it before the capture
 * @param down            the interfaces that are administratively down ({@code ip link set IF down}, no {@code UP} in
 *                        {@code ip link}): each keeps its addresses and their {@code local} routes, so the node still
 *                        answers to them, but no connected or broadcast route (fib_add_ifaddr adds those only for a
 *                        device that is up, and a device going down takes them along); nothing is sent out of one or
 *                        taken in by one, and no route may lead out of one (the kernel refuses it: "Nexthop device is
 *                        not up"). A bridge or a bridge's port that is down is not modelled. A loopback that is
 *                        down (a new namespace's, never brought up: it has no address either) takes nothing: what
 *                        the node sends itself is dropped.
 * @param unsimulated     the chains the kernel runs in this namespace beside {@code ruleset} that the simulation does
 *                        not evaluate (nft's own, the other iptables backend's; a snapshot lists them), each able to
 *                        decide otherwise than the simulation; none that can change nothing
 *                        ({@link UnsimulatedChain#isNoop})
 */
public record Node(String name, List<NetInterface> interfaces, List<Route> routes, List<NeighbourEntry> neighbours,
                   Sysctls sysctls, Ruleset ruleset, List<ListeningSocket> sockets, Set<String> checksumOffload,
                   List<RoutingRule> rules, Set<String> down, List<UnsimulatedChain> unsimulated) {

    /** A node that runs no chain but its ruleset's. */
    public Node(String name, List<NetInterface> interfaces, List<Route> routes, List<NeighbourEntry> neighbours,
                Sysctls sysctls, Ruleset ruleset, List<ListeningSocket> sockets, Set<String> checksumOffload,
                List<RoutingRule> rules, Set<String> down) {
        this(name, interfaces, routes, neighbours, sysctls, ruleset, sockets, checksumOffload, rules, down, List.of());
    }

    /** A node whose interfaces are all up. */
    public Node(String name, List<NetInterface> interfaces, List<Route> routes, List<NeighbourEntry> neighbours,
                Sysctls sysctls, Ruleset ruleset, List<ListeningSocket> sockets, Set<String> checksumOffload,
                List<RoutingRule> rules) {
        this(name, interfaces, routes, neighbours, sysctls, ruleset, sockets, checksumOffload, rules, Set.of());
    }

    /** A node with a fresh namespace's routing rules ({@link RoutingRule#DEFAULTS}). */
    public Node(String name, List<NetInterface> interfaces, List<Route> routes, List<NeighbourEntry> neighbours,
                Sysctls sysctls, Ruleset ruleset, List<ListeningSocket> sockets, Set<String> checksumOffload) {
        this(name, interfaces, routes, neighbours, sysctls, ruleset, sockets, checksumOffload, RoutingRule.DEFAULTS);
    }

    /** A node whose interfaces all complete checksums in software (TX checksum offload off, as the fixtures set). */
    public Node(String name, List<NetInterface> interfaces, List<Route> routes, List<NeighbourEntry> neighbours,
                Sysctls sysctls, Ruleset ruleset, List<ListeningSocket> sockets) {
        this(name, interfaces, routes, neighbours, sysctls, ruleset, sockets, Set.of());
    }

    public Node {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        // The kernel keeps rules in priority order, rules of equal priority in the order they were added.
        rules = rules == null ? RoutingRule.DEFAULTS : rules.stream()
                .sorted(java.util.Comparator.comparingLong(RoutingRule::priority)).toList();
        neighbours = List.copyOf(neighbours);
        sockets = List.copyOf(sockets);
        if (sysctls == null) {
            sysctls = Sysctls.DEFAULTS;
        }
        if (ruleset == null) {
            ruleset = Ruleset.EMPTY;
        }
        Set<String> names = new HashSet<>();
        Set<Integer> indexes = new HashSet<>();
        for (NetInterface i : interfaces) {
            if (!names.add(i.name())) {
                throw new IllegalArgumentException("node " + name + ": interface " + i.name() + " defined twice");
            }
            if (!indexes.add(i.ifindex())) {
                throw new IllegalArgumentException("node " + name + ": ifindex " + i.ifindex() + " used twice");
            }
        }
        for (NetInterface i : interfaces) {
            BridgePort p = i.port();
            if (p != null && !(lookup(interfaces, p.bridge()) instanceof Bridge)) {
                throw new IllegalArgumentException("node " + name + ": " + i.name() + " is a port of "
                        + p.bridge() + ", which is not a bridge of this node");
            }
        }
        checksumOffload = checksumOffload == null ? Set.of() : Set.copyOf(checksumOffload);
        for (String offloaded : checksumOffload) {
            if (lookup(interfaces, offloaded) == null) {
                throw new IllegalArgumentException("node " + name + ": checksum offload on unknown interface "
                        + offloaded);
            }
        }
        down = down == null ? Set.of() : Set.copyOf(down);
        unsimulated = unsimulated == null ? List.of() : unsimulated.stream().filter(c -> !c.isNoop()).toList();
        for (String d : down) {
            NetInterface i = lookup(interfaces, d);
            if (i == null) {
                throw new IllegalArgumentException("node " + name + ": unknown interface " + d + " is down");
            }
            if (i instanceof Bridge || i.port() != null) {
                throw new IllegalArgumentException("node " + name + ": " + d + " is down: a down "
                        + (i instanceof Bridge ? "bridge" : "bridge port") + " is not modelled");
            }
        }
        for (Route r : routes) {
            if (r.device() != null && lookup(interfaces, r.device()) == null) {
                throw new IllegalArgumentException("node " + name + ": route " + r + " uses unknown device "
                        + r.device());
            }
            if (r.device() != null && down.contains(r.device())) {
                throw new IllegalArgumentException("node " + name + ": route " + r + " leads out of " + r.device()
                        + ", which is down (the kernel refuses it: Nexthop device is not up)");
            }
        }
    }

    /** The same namespace with these listening sockets instead of its own (a server started after a snapshot). */
    public Node withSockets(List<ListeningSocket> listening) {
        return new Node(name, interfaces, routes, neighbours, sysctls, ruleset, listening, checksumOffload, rules, down,
                unsimulated);
    }

    /**
     * Whether the interface of that name has carrier ({@code LOWER_UP}): not when it is down, nor a tun or tap nobody
     * holds open. Without carrier the device's queue is the kernel's noop qdisc (dev_deactivate), which drops what it
     * is given before tcpdump sees it, and {@code ip route} marks the routes through it {@code linkdown}. (A bridge
     * whose ports all left has none either, but one that never had a port has: {@code ip link} alone tells them
     * apart here, see IpLinkRenderer.)
     */
    public boolean hasCarrier(String ifaceName) {
        NetInterface i = iface(ifaceName);
        return i != null && !isDown(ifaceName) && (!(i instanceof OtherLink o) || o.carrier());
    }

    /** Whether the interface of that name is administratively down. */
    public boolean isDown(String ifaceName) {
        return !down.isEmpty() && down.contains(ifaceName);
    }

    private static NetInterface lookup(List<NetInterface> interfaces, String name) {
        // Indexed, not for-each: this runs several times per simulated packet.
        for (int k = 0; k < interfaces.size(); k++) {
            NetInterface i = interfaces.get(k);
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /** Whether the interface of that name leaves TCP and UDP checksums to the device. */
    public boolean offloadsChecksums(String ifaceName) {
        return !checksumOffload.isEmpty() && checksumOffload.contains(ifaceName);
    }

    /** The interface of that name, or null. */
    public NetInterface iface(String ifaceName) {
        return lookup(interfaces, ifaceName);
    }

    /** The ports of a bridge, in interface order. */
    public List<NetInterface> portsOf(String bridge) {
        List<NetInterface> ports = new ArrayList<>();
        for (NetInterface i : interfaces) {
            if (i.port() != null && i.port().bridge().equals(bridge)) {
                ports.add(i);
            }
        }
        return ports;
    }

    /** Whether any interface carries this address. */
    public boolean ownsAddress(Ipv4Address address) {
        return interfaceWithAddress(address) != null;
    }

    /** The interface carrying this address, or null. */
    public NetInterface interfaceWithAddress(Ipv4Address address) {
        for (NetInterface i : interfaces) {
            for (InterfaceAddress a : i.addresses()) {
                if (a.address().equals(address)) {
                    return i;
                }
            }
        }
        return null;
    }

    /** The first TCP or UDP socket that takes a packet to {@code destination:port}, or null. */
    public ListeningSocket socketFor(int protocol, Ipv4Address destination, int port) {
        for (ListeningSocket s : sockets) {
            if (s.accepts(protocol, destination, port)) {
                return s;
            }
        }
        return null;
    }
}
