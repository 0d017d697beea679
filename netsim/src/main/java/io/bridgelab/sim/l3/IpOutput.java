package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.l2.NeighbourTable;
import io.bridgelab.sim.trace.FieldChange;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;

import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 send: local output (route, OUTPUT, re-route after NAT), POSTROUTING, then the neighbour stage
 * (resolve the next hop by ARP, holding the packet until the reply) and the new link-layer header.
 */
public final class IpOutput {
    private final Engine engine;
    /** {@link #linkHeader}'s recently made headers, replaced round-robin. */
    private final Ethernet[] recentHeaders = new Ethernet[8];
    private int nextHeaderSlot;

    public IpOutput(Engine engine) {
        this.engine = engine;
    }

    /** A packet made by a program in {@code n} (ip_queue_xmit / ip_send_skb). */
    public void output(NodeRuntime n, Packet packet, int trace) {
        output(n, packet, trace, null);
    }

    /**
     * The same for a packet that comes with a connection already ({@code attached}: the kernel's answer to a packet
     * it rejected, see {@link Engine#sendAnswer}); null for one conntrack looks up at OUTPUT.
     */
    public void output(NodeRuntime n, Packet packet, int trace, Object attached) {
        Route route = routeOrDrop(n, packet.ip().destination(), packet.ip().source(), trace);
        if (route == null) {
            return;
        }
        NetInterface out = outInterface(n, route);
        Ipv4Address nextHop = nextHop(route, packet.ip().destination());
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.Routed(n.name(), "output", route.toString(), out.name(),
                    out instanceof Loopback ? null : nextHop.toString()));
        }
        if (loopbackSourceRefused(n, packet, out, trace, "the route")) {
            return;
        }
        packet = packet.withMetadata(Metadata.NONE.withOutInterface(out.name()));
        Ipv4Address routedTo = packet.ip().destination();
        if (!engine.pass(Hook.OUTPUT, n, packet, attached, trace, false)) {
            engine.dropped(n, trace, Hook.OUTPUT);
            return;
        }
        packet = engine.passedPacket();
        Object conntrack = engine.passedConntrack();
        if (!packet.ip().destination().equals(routedTo)) {
            // NAT in OUTPUT changed the destination: ip_route_me_harder looks the route up again.
            route = routeOrDrop(n, packet.ip().destination(), packet.ip().source(), trace);
            if (route == null) {
                return;
            }
            out = outInterface(n, route);
            nextHop = nextHop(route, packet.ip().destination());
            engine.step(trace, new TraceStep.Routed(n.name(), "re-route", route.toString(), out.name(),
                    nextHop.toString()));
            if (loopbackSourceRefused(n, packet, out, trace, "ip_route_me_harder's new route")) {
                return;
            }
            packet = packet.withMetadata(packet.metadata().withOutInterface(out.name()));
        }
        postrouting(n, packet, conntrack, out, route, nextHop, trace, true);
    }

    /**
     * The output route to {@code to} for a packet from {@code from}, or null when the lookup fails (no route, a route
     * or rule that fails it): then the packet is not sent, and the sending program gets the error, which the trace
     * says.
     */
    private Route routeOrDrop(NodeRuntime n, Ipv4Address to, Ipv4Address from, int trace) {
        RoutingTable.Lookup lookup = n.routes().match(to, from);
        if (lookup.found()) {
            return lookup.route();
        }
        engine.step(trace, new TraceStep.Dropped(n.name(), lookup.failedText(to) + " (the sender gets "
                + lookup.failure().error() + ")"));
        return null;
    }

    /**
     * {@code __mkroute_output}: a 127/8 source may leave only by a loopback device, or one with route_localnet on
     * (dockerd sets it on the bridge when the userland proxy is off, so that the host's own 127.0.0.1:PORT, DNATed
     * in OUTPUT, reaches the container); otherwise the route fails with EINVAL and nothing is sent.
     */
    private boolean loopbackSourceRefused(NodeRuntime n, Packet packet, NetInterface out, int trace, String which) {
        Ipv4Address source = packet.ip().source();
        if (!source.isLoopback() || out instanceof Loopback || n.node().sysctls().routeLocalnet(out.name())) {
            return false;
        }
        engine.step(trace, new TraceStep.Dropped(n.name(), which + " to " + packet.ip().destination() + " leaves by "
                + out.name() + " with the loopback source " + source + ", and net.ipv4.conf." + out.name()
                + ".route_localnet=0: the kernel refuses it (EINVAL)"));
        return true;
    }

    /**
     * A socket's DF bit under Linux's default path MTU discovery (IP_PMTUDISC_WANT, {@code __ip_make_skb}) for a
     * datagram of {@code ipLength} bytes to {@code to}: set when it fits the MTU of the interface its route leaves by,
     * else the sender's own kernel fragments it.
     */
    public static boolean dontFragment(NodeRuntime n, Ipv4Address to, int ipLength) {
        Route route = n.routes().lookup(to);
        return route == null || route.type() == RouteType.LOCAL || ipLength <= route.mtuVia(n.iface(route.device()));
    }

    /**
     * The source address the kernel picks for a connection to {@code to}: the route's src, else the primary.
     *
     * @throws IllegalArgumentException when the kernel would refuse to send (no route, a rule's action), saying why
     */
    public static Ipv4Address sourceFor(NodeRuntime n, Ipv4Address to) {
        RoutingTable.Lookup l = n.routes().match(to);
        Route r = l.route();
        if (r == null && l.rule() == null) {
            throw new IllegalArgumentException(n.name() + " has no route to " + to + " (ENETUNREACH)");
        }
        if (!l.found()) {
            String why = r != null ? "'s route to " + to + " is '" + r + "'" : ": " + l.failedText(to);
            throw new IllegalArgumentException(n.name() + why + ": the sender's kernel refuses to send ("
                    + l.failure().error() + ")");
        }
        Ipv4Address routed = sourceOf(n, r);
        if (routed != null) {
            return routed;
        }
        for (NetInterface i : n.node().interfaces()) {
            if (!i.addresses().isEmpty() && !i.addresses().get(0).address().isLoopback()) {
                return i.addresses().get(0).address();
            }
        }
        throw new IllegalArgumentException(n.name() + " has no address to send from");
    }

    /**
     * The source the kernel gives a packet it sends by {@code route}: the route's preferred source, else the first
     * address of its device; null when the device has none.
     */
    public static Ipv4Address sourceOf(NodeRuntime n, Route route) {
        if (route.preferredSource() != null) {
            return route.preferredSource();
        }
        for (InterfaceAddress a : n.iface(route.device()).addresses()) {
            return a.address();
        }
        return null;
    }

    private static NetInterface outInterface(NodeRuntime n, Route route) {
        // Local destinations leave through lo, whatever interface carries the address.
        if (route.type() == RouteType.LOCAL) {
            for (NetInterface i : n.node().interfaces()) {
                if (i instanceof Loopback) {
                    return i;
                }
            }
        }
        return n.iface(route.device());
    }

    private static Ipv4Address nextHop(Route route, Ipv4Address destination) {
        return route.gateway() != null ? route.gateway() : destination;
    }

    /** A forwarded packet's POSTROUTING, then the neighbour stage; {@code route}: the route it leaves by. */
    public void postrouting(NodeRuntime n, Packet packet, Object conntrack, NetInterface out, Route route,
                            Ipv4Address nextHop, int trace) {
        postrouting(n, packet, conntrack, out, route, nextHop, trace, false);
    }

    /**
     * @param local the packet was made in {@code n}: its checksums are made right after POSTROUTING, but for a
     *              TCP or UDP one left to the device (a socket's, {@link InternetChecksum#isPartial}), which the
     *              sending device completes or not ({@link Engine#transmit}: skb_checksum_help before tcpdump's
     *              tap when the device has no TX checksum offload). A forwarded packet keeps the checksums it
     *              came with (NAT adjusts them by difference, as the kernel does): a router does not mend a wrong
     *              one, and a real one forwards a datagram with a bad UDP or TCP checksum unchanged.
     */
    private void postrouting(NodeRuntime n, Packet packet, Object conntrack, NetInterface out, Route route,
                             Ipv4Address nextHop, int trace, boolean local) {
        if (!engine.pass(Hook.POSTROUTING, n, packet.withMetadata(packet.metadata()
                .withOutInterface(out.name())), conntrack, trace, false)) {
            engine.step(trace, new TraceStep.Dropped(n.name(), engine.dropCause()));
            return;
        }
        Packet passed = engine.passedPacket();
        int fragMaxSize = passed.metadata().fragMaxSize();
        if (fragMaxSize != 0 || passed.isIpv4() && !passed.ip().dontFragment() && Fragmentation.needed(passed,
                route.mtuVia(out))) {
            // ip_do_fragment completes a checksum left to the device first (skb_checksum_help), forwarded or not.
            fragmentAndSend(n, local ? InternetChecksum.refresh(passed) : InternetChecksum.completePartial(passed),
                    out, route, nextHop, trace);
            return;
        }
        packet = local && !InternetChecksum.isPartial(passed.ip(), passed.transport()) ? InternetChecksum.refresh(passed)
                : passed;
        resolve(n, out, nextHop, packet, trace);
    }

    /**
     * ip_finish_output for a datagram bigger than {@code out}'s MTU without DF, or reassembled from fragments:
     * ip_fragment cuts it, no bigger than its largest fragment was ({@code frag_max_size}), and each fragment goes
     * on to the neighbour stage (a socket's checksum left to the device is completed first, skb_checksum_help). One
     * with DF never gets here bigger than the MTU but as a socket's GSO packet, which the device sends whole:
     * ip_forward answered a forwarded one with ICMP fragmentation needed, and a socket sizes its own by the path MTU.
     */
    private void fragmentAndSend(NodeRuntime n, Packet packet, NetInterface out, Route route, Ipv4Address nextHop,
                                 int trace) {
        int fragMaxSize = packet.metadata().fragMaxSize();
        int pathMtu = route.mtuVia(out);
        int mtu = fragMaxSize != 0 ? Math.min(pathMtu, fragMaxSize) : pathMtu;
        List<Packet> fragments = Fragmentation.fragment(packet, mtu);
        if (engine.tracing()) {
            StringBuilder sizes = new StringBuilder();
            for (Packet f : fragments) {
                sizes.append(sizes.length() == 0 ? "" : " + ").append(f.ip().totalLength());
            }
            engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("length",
                    Integer.toString(packet.ip().totalLength()), fragments.size() + " fragments: " + sizes + " bytes")),
                    fragMaxSize != 0 ? "ip_fragment: reassembled here, cut again no bigger than its largest fragment ("
                            + fragMaxSize + " bytes) and " + route.mtuTextVia(out)
                            : "ip_fragment: larger than " + route.mtuTextVia(out) + ", and DF is not set"));
        }
        for (Packet f : fragments) {
            resolve(n, out, nextHop, f, trace);
        }
    }

    /** The neighbour stage: a cached MAC sends now; otherwise an ARP request goes out and the packet waits. */
    private void resolve(NodeRuntime n, NetInterface out, Ipv4Address nextHop, Packet packet, int trace) {
        if (out instanceof Loopback) {
            transmitTo(n, out, packet, MacAddress.ZERO, trace);
            return;
        }
        if (out instanceof OtherLink o && !o.arp()) {
            if (o.linkLayer()) {
                // arp_constructor: on a NOARP device every neighbour is NUD_NOARP with the device's own address.
                transmitTo(n, out, packet, out.mac(), trace);
            } else {
                // No link layer (a tun, an IP tunnel): the datagram goes as it is, no neighbour to resolve.
                engine.transmit(n, out, new Packet(null, packet.network(), packet.trailer(), Metadata.NONE), trace);
            }
            return;
        }
        MacAddress mac;
        boolean settled = false;
        if (nextHop.equals(Ipv4Address.BROADCAST)) {
            mac = MacAddress.BROADCAST;
        } else {
            // One look at the entry for both questions: most packets go by an entry that sending leaves as it is.
            NeighbourTable.Entry e = n.neighbours().entry(out.name(), nextHop);
            mac = e == null ? null : e.mac();
            settled = e != null && e.settled();
        }
        if (mac != null) {
            if (!settled) {
                engine.arp().used(n, out, nextHop);
            }
            if (engine.tracing()) {
                engine.step(trace, new TraceStep.ArpResolved(n.name(), out.name(), nextHop.toString(), mac.toString(),
                        true));
            }
            transmitTo(n, out, packet, mac, trace);
            return;
        }
        engine.step(trace, new TraceStep.ArpRequested(n.name(), out.name(), nextHop.toString()));
        if (n.neighbours().enqueue(out.name(), nextHop, new NeighbourTable.Pending(packet, trace))) {
            Packet request = new Packet(new Ethernet(MacAddress.BROADCAST, out.mac(), Ethernet.TYPE_ARP),
                    ArpMessage.request(out.mac(), arpSource(n, out, packet), nextHop));
            engine.transmit(n, out, request, trace);
        }
    }

    /** arp_announce=0: the packet's own source when it is ours, else the interface's primary address. */
    public static Ipv4Address arpSource(NodeRuntime n, NetInterface out, Packet packet) {
        Ipv4Address src = packet.ip().source();
        if (n.node().ownsAddress(src)) {
            return src;
        }
        List<InterfaceAddress> addresses = out.addresses();
        return addresses.isEmpty() ? Ipv4Address.ANY : addresses.get(0).address();
    }

    /** Puts the link-layer header for {@code mac} on the packet and sends it out of {@code out}. */
    public void transmitTo(NodeRuntime n, NetInterface out, Packet packet, MacAddress mac, int trace) {
        Ethernet old = packet.ethernet();
        Ethernet fresh = linkHeader(mac, out.mac());
        if (engine.tracing() && old != null && !(out instanceof Loopback)) {
            List<FieldChange> changes = new ArrayList<>();
            if (!old.source().equals(fresh.source())) {
                changes.add(new FieldChange("eth src", old.source().toString(), fresh.source().toString()));
            }
            if (!old.destination().equals(fresh.destination())) {
                changes.add(new FieldChange("eth dst", old.destination().toString(),
                        fresh.destination().toString()));
            }
            if (!changes.isEmpty()) {
                engine.step(trace, new TraceStep.Transformed(n.name(), changes, "new link-layer header for the next hop"));
            }
        }
        engine.transmit(n, out, new Packet(fresh, packet.network(), packet.trailer(), Metadata.NONE), trace);
    }

    /**
     * The IPv4 link-layer header from {@code source} to {@code destination}: one of the few recently made (a
     * header is an immutable value, and a network sends between a handful of MAC pairs, whose MAC values the
     * neighbour entries and interfaces hold), else a new one. The slots are compared by reference only: a miss
     * just makes an equal header.
     */
    private Ethernet linkHeader(MacAddress destination, MacAddress source) {
        for (Ethernet e : recentHeaders) {
            if (e != null && e.destination() == destination && e.source() == source) {
                return e;
            }
        }
        Ethernet fresh = new Ethernet(destination, source, Ethernet.TYPE_IPV4);
        recentHeaders[nextHeaderSlot] = fresh;
        nextHeaderSlot = (nextHeaderSlot + 1) % recentHeaders.length;
        return fresh;
    }
}
