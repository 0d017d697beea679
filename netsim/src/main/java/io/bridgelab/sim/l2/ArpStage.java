package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.l3.IpInput;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.NetInterface;

/**
 * The kernel's ARP receive path (arp_process): answer a request for any address of this node on whatever
 * interface it came in (arp_ignore=0, the default; other values narrow it), unless the reverse-path filter refuses
 * its sender; remember the asker; and take a reply only for an address we asked about (then send what waited for
 * it).
 */
public final class ArpStage {
    private final Engine engine;

    public ArpStage(Engine engine) {
        this.engine = engine;
    }

    public void receive(NodeRuntime n, NetInterface iface, ArpMessage arp, int trace) {
        NeighbourTable neighbours = n.neighbours();
        boolean forUs = n.node().ownsAddress(arp.targetIp());
        if (arp.operation() == ArpMessage.REQUEST) {
            if (!forUs) {
                engine.step(trace, new TraceStep.Ignored(n.name(), iface.name(), "ARP who-has " + arp.targetIp()
                        + ": not an address of " + n.name()));
                return;
            }
            // A duplicate address probe (sender 0.0.0.0, RFC 5227) is answered before any routing, and leaves no
            // entry. Any other request arp_process routes as a packet from its sender (ip_route_input_noref): a
            // 127/8 target is martian, and a sender the reverse-path filter refuses gets no reply; neither makes an
            // entry.
            boolean probe = arp.senderIp().equals(Ipv4Address.ANY);
            String refused = probe ? null
                    : arp.targetIp().isLoopback() && !n.node().sysctls().routeLocalnet(iface.name())
                    ? "martian destination " + arp.targetIp() + " (route_localnet=0)"
                    : IpInput.reversePathRefusal(n, iface, arp.senderIp(), arp.targetIp());
            if (refused == null) {
                refused = ignoredBy(n, iface, arp);
            }
            if (refused != null) {
                engine.step(trace, new TraceStep.Ignored(n.name(), iface.name(), "ARP who-has " + arp.targetIp()
                        + " from " + arp.senderIp() + ": no reply, " + refused));
                return;
            }
            // The asker will talk to us next: the kernel creates its entry now (neigh_event_ns).
            boolean wasWaiting = !probe && neighbours.known(iface.name(), arp.senderIp())
                    && neighbours.lookup(iface.name(), arp.senderIp()) == null;
            if (!probe) {
                neighbours.learn(iface.name(), arp.senderIp(), arp.senderMac());
            }
            engine.step(trace, new TraceStep.ArpAnswered(n.name(), iface.name(), arp.targetIp().toString(),
                    iface.mac().toString()));
            Packet reply = new Packet(new Ethernet(arp.senderMac(), iface.mac(), Ethernet.TYPE_ARP),
                    ArpMessage.reply(iface.mac(), arp.targetIp(), arp.senderMac(), arp.senderIp()));
            engine.transmit(n, iface, reply, trace);
            if (wasWaiting) {
                release(n, iface, arp, trace);
            }
            return;
        }
        if (arp.operation() == ArpMessage.REPLY && neighbours.known(iface.name(), arp.senderIp())) {
            neighbours.put(iface.name(), arp.senderIp(), arp.senderMac());
            engine.step(trace, new TraceStep.ArpResolved(n.name(), iface.name(), arp.senderIp().toString(),
                    arp.senderMac().toString(), false));
            release(n, iface, arp, trace);
            return;
        }
        engine.step(trace, new TraceStep.Ignored(n.name(), iface.name(), "ARP "
                + (arp.operation() == ArpMessage.REPLY ? "reply nobody asked for" : "operation " + arp.operation())));
    }

    /**
     * arp_ignore (the larger of conf.all's and the interface's): why no reply goes to a request for one of the node's
     * addresses that came in on {@code iface}, or null. 1: the address is not one of {@code iface}'s; 2: nor is the
     * sender (unless a 0.0.0.0 probe) in a subnet of {@code iface} that holds it; 3: a host-scope (127/8) address; 8: never a reply.
     */
    private static String ignoredBy(NodeRuntime n, NetInterface iface, ArpMessage arp) {
        int mode = n.node().sysctls().arpIgnore(iface.name());
        String because = "arp_ignore=" + mode + " on " + iface.name() + ": ";
        Ipv4Address tip = arp.targetIp();
        boolean own = iface.addresses().stream().anyMatch(a -> a.address().equals(tip));
        return switch (mode) {
            case 1 -> own ? null : because + tip + " is not an address of " + iface.name();
            case 2 -> !own ? because + tip + " is not an address of " + iface.name()
                    : arp.senderIp().equals(Ipv4Address.ANY) || iface.addresses().stream().anyMatch(a ->
                    a.subnet().contains(tip) && a.subnet().contains(arp.senderIp())) ? null
                    : because + "the sender " + arp.senderIp() + " is not in " + tip + "'s subnet";
            case 3 -> tip.isLoopback() ? because + tip + " is a host-scope address" : null;
            case 8 -> because + "no ARP request is answered";
            default -> null;
        };
    }

    /** delay_first_probe_time: a used STALE entry is probed this long after it went DELAY. */
    public static final long DELAY_PROBE_NANOS = 5_000_000_000L;
    /** retrans_time: between unicast probes. */
    public static final long RETRANS_NANOS = 1_000_000_000L;
    /** ucast_probes: unicast probes before the entry FAILS (app_probes and mcast_reprobes are 0). */
    public static final int UCAST_PROBES = 3;

    /**
     * An entry is used to send (neigh_resolve_output). A STALE one goes DELAY, and the kernel's timer then
     * checks it 5 s later: nothing confirmed it (only ARP replies do here; the kernel also counts TCP
     * progress of local sockets), so it goes PROBE and unicast ARP requests go to the cached MAC, one a
     * second, until a reply makes it REACHABLE or three went unanswered (FAILED). Seen in the fixtures when
     * a loaded machine stretched a scenario beyond 5 s.
     */
    public void used(NodeRuntime n, NetInterface iface, Ipv4Address address) {
        if (n.neighbours().used(iface.name(), address)) {
            engine.events().timer(DELAY_PROBE_NANOS, () -> probe(n, iface, address, 0));
        }
    }

    private void probe(NodeRuntime n, NetInterface iface, Ipv4Address address, int sent) {
        NeighbourTable.Entry e = n.neighbours().entry(iface.name(), address);
        boolean waiting = e != null && (sent == 0 ? e.state() == NeighbourTable.State.DELAY
                : e.state() == NeighbourTable.State.PROBE);
        if (!waiting) {
            return;
        }
        if (sent == UCAST_PROBES) {
            n.neighbours().remove(iface.name(), address);
            return;
        }
        n.neighbours().state(iface.name(), address, NeighbourTable.State.PROBE);
        Packet probe = new Packet(new Ethernet(e.mac(), iface.mac(), Ethernet.TYPE_ARP),
                ArpMessage.request(iface.mac(), probeSource(iface, address), address));
        int trace = engine.newTrace(n.name(), probe);
        engine.step(trace, new TraceStep.ArpRequested(n.name(), iface.name(), address.toString()));
        engine.transmit(n, iface, probe, trace);
        engine.events().timer(RETRANS_NANOS, () -> probe(n, iface, address, sent + 1));
    }

    /** arp_solicit without a queued packet: inet_select_addr, the device's address on the target's subnet. */
    private static Ipv4Address probeSource(NetInterface iface, Ipv4Address target) {
        for (InterfaceAddress a : iface.addresses()) {
            if (a.subnet().contains(target)) {
                return a.address();
            }
        }
        return iface.addresses().isEmpty() ? Ipv4Address.ANY : iface.addresses().get(0).address();
    }

    private void release(NodeRuntime n, NetInterface iface, ArpMessage arp, int trace) {
        for (NeighbourTable.Pending p : n.neighbours().takeWaiting(iface.name(), arp.senderIp())) {
            used(n, iface, arp.senderIp());
            if (p.release() != null) {
                p.release().accept(arp.senderMac());
            } else {
                engine.ipOutput().transmitTo(n, iface, p.packet(), arp.senderMac(), p.trace());
            }
        }
    }
}
