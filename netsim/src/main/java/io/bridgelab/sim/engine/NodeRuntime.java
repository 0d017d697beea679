package io.bridgelab.sim.engine;

import io.bridgelab.sim.l2.Fdb;
import io.bridgelab.sim.l2.NeighbourTable;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.l3.IcmpPeers;
import io.bridgelab.sim.l3.Reassembly;
import io.bridgelab.sim.l3.TcpStack;
import io.bridgelab.sim.l3.UdpRelay;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.NeighbourEntry;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.ListeningSocket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changing state of one namespace during a run: bridge FDBs, the ARP cache, TCP connections, UDP proxies'
 * clients and the IP identification counter. The {@link Node} itself stays as loaded.
 */
public final class NodeRuntime {
    private final Node node;
    private final RoutingTable routes;
    private final Map<String, Fdb> fdbs = new LinkedHashMap<>();
    private final NeighbourTable neighbours = new NeighbourTable();
    private final TcpStack tcp = new TcpStack();
    private final UdpRelay udpRelay = new UdpRelay();
    private final IcmpPeers icmpPeers = new IcmpPeers();
    private final Reassembly reassembly = new Reassembly();
    /** Tracing only: the traces of the fragments each reassembly queue holds, by queue, to tell them their fate. */
    private final Map<Long, List<Integer>> heldTraces = new java.util.HashMap<>();
    private final List<ConnectedSocket> clientSockets = new ArrayList<>();
    private final java.util.Set<String> replayedPrograms = new java.util.HashSet<>();
    private int nextIpId;
    /** Engine.passive: frames reaching this node are captured, but its stack does not answer them. */
    boolean passive;
    // The node's interfaces and their names, in order, for iface(): the names as the very String objects the
    // interfaces hold.
    private final String[] ifaceNames;
    private final NetInterface[] ifaces;

    NodeRuntime(Node node, int ipIdSeed) {
        this.node = node;
        this.ifaces = node.interfaces().toArray(NetInterface[]::new);
        this.ifaceNames = new String[ifaces.length];
        for (int i = 0; i < ifaces.length; i++) {
            ifaceNames[i] = ifaces[i].name();
        }
        this.routes = RoutingTable.of(node);
        this.nextIpId = ipIdSeed;
        for (NetInterface i : node.interfaces()) {
            if (i instanceof Bridge b) {
                Fdb fdb = new Fdb(b.ageingSeconds());
                fdb.addLocal(b.mac(), b.name());
                for (NetInterface port : node.portsOf(b.name())) {
                    fdb.addLocal(port.mac(), port.name());
                }
                fdbs.put(b.name(), fdb);
            }
        }
        for (NeighbourEntry e : node.neighbours()) {
            // Loaded entries that are not PERMANENT count as STALE: nothing confirmed them in this run.
            neighbours.put(e.device(), e.address(), e.mac(), e.permanent() ? NeighbourTable.State.PERMANENT
                    : NeighbourTable.State.STALE);
        }
    }

    public Node node() {
        return node;
    }

    public String name() {
        return node.name();
    }

    /**
     * {@code node().iface(name)}: the interface of that name, or null. The stages ask it several times per packet,
     * with names that are mostly the very objects the interfaces hold (a route's device, an FDB entry's port, a
     * port's bridge): those are found by reference in a flat array; any other asks the node, which compares the
     * names' text (each through an interface call to the interface record's name).
     */
    public NetInterface iface(String name) {
        String[] names = ifaceNames;
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return ifaces[i];
            }
        }
        return node.iface(name);
    }

    /**
     * The MTU of the way to {@code destination}: the route's ({@link RoutingTable#mtuTo}), or a smaller one learnt from
     * an ICMP fragmentation needed ({@link #learnMtu}), as the kernel's route exception (fnhe) takes its place.
     */
    public int mtuTo(Ipv4Address destination) {
        int route = routes.mtuTo(destination, node);
        Integer learnt = learntMtu.get(destination);
        return learnt != null && (route <= 0 || learnt < route) ? learnt : route;
    }

    /**
     * An ICMP fragmentation needed named {@code mtu} for the way to {@code destination} (__ip_rt_update_pmtu): the
     * path MTU only goes down, and not below 552 (ip_rt_min_pmtu); returns whether it went down. Kept for the whole
     * simulation (the kernel forgets it after 10 minutes, ip_rt_mtu_expires).
     */
    public boolean learnMtu(Ipv4Address destination, int mtu) {
        int now = mtuTo(destination);
        int lowered = Math.max(mtu, MIN_PMTU);
        if (now > 0 && lowered >= now) {
            return false;
        }
        learntMtu.put(destination, lowered);
        return true;
    }

    /** ip_rt_min_pmtu: the smallest path MTU an ICMP error may set (512 + 20 + 20). */
    static final int MIN_PMTU = 552;
    private final java.util.Map<Ipv4Address, Integer> learntMtu = new java.util.HashMap<>();

    public RoutingTable routes() {
        return routes;
    }

    public Fdb fdb(String bridge) {
        return fdbs.get(bridge);
    }

    public NeighbourTable neighbours() {
        return neighbours;
    }

    public TcpStack tcp() {
        return tcp;
    }

    /** The ICMP error budget per remote address (ip_error's and icmp_send's rate limits). */
    /** The namespace's fragment reassembly queues. */
    /** The node's UDP proxies' tables (docker-proxy's for UDP ports). */
    public UdpRelay udpRelay() {
        return udpRelay;
    }

    public Reassembly reassembly() {
        return reassembly;
    }

    /**
     * The traces of the fragments waiting in reassembly queue {@code queue} (tracing only; a replay's fragments are
     * packets of their own): they learn from the fragment that ends the queue whether their datagram went on or
     * was dropped.
     */
    public List<Integer> heldTraces(long queue) {
        return heldTraces.computeIfAbsent(queue, q -> new ArrayList<>());
    }

    /** Forgets queue {@code queue}'s held traces and gives them (empty when there were none). */
    public List<Integer> releaseHeldTraces(long queue) {
        List<Integer> held = heldTraces.remove(queue);
        return held == null ? List.of() : held;
    }

    public IcmpPeers icmpPeers() {
        return icmpPeers;
    }

    /**
     * A socket a client program bound for its exchange (nc -u's ephemeral port), beside the node's own, and
     * connected to {@code remote:remotePort}, as nc -u connects it: it takes only what comes from there.
     */
    public void connect(ListeningSocket socket, Ipv4Address remote, int remotePort) {
        clientSockets.add(new ConnectedSocket(socket, remote, remotePort));
    }

    /**
     * The socket that takes a packet from {@code source:sourcePort} to {@code destination:port}: a connected client
     * socket it is exactly for (the kernel's lookup scores such a socket above a bound one), else the node's own.
     */
    public ListeningSocket socketFor(int protocol, Ipv4Address destination, int port, Ipv4Address source,
                                     int sourcePort) {
        for (ConnectedSocket c : clientSockets) {
            if (c.socket().accepts(protocol, destination, port) && c.remote().equals(source)
                    && c.remotePort() == sourcePort) {
                return c.socket();
            }
        }
        return node.socketFor(protocol, destination, port);
    }

    /** The client programs' connected sockets, in the order they were made. */
    public List<ConnectedSocket> clientSockets() {
        return List.copyOf(clientSockets);
    }

    /** A client's socket (bound: its address, port and program) and the peer it is connected to. */
    public record ConnectedSocket(ListeningSocket socket, Ipv4Address remote, int remotePort) {
    }

    /**
     * A program of this node whose packets a replay sends (from a capture of the node's local output)
     * owns {@code address:port}: what arrives for it is taken by that program, the simulated stack does
     * not answer it (no RST, no ICMP port unreachable).
     */
    public void replayedProgram(int protocol, Ipv4Address address, int port) {
        replayedPrograms.add(protocol + " " + address + " " + port);
    }

    /** Whether a replayed program owns {@code address:port}. */
    public boolean isReplayedProgram(int protocol, Ipv4Address address, int port) {
        return !replayedPrograms.isEmpty() && replayedPrograms.contains(protocol + " " + address + " " + port);
    }

    /** The next IP identification for a packet this node makes. */
    public int nextIpId() {
        int id = nextIpId & 0xffff;
        nextIpId++;
        return id;
    }
}
