package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.MtuChecks;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.l3.Defragment;
import io.bridgelab.sim.l3.Fragmentation;
import io.bridgelab.sim.l3.IpOutput;
import io.bridgelab.sim.l3.Reassembly;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.trace.FieldChange;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.NetInterface;

import java.util.ArrayList;
import java.util.List;

/**
 * A Linux bridge's forwarding path (br_handle_frame, br_forward, br_flood): learn the source MAC on
 * the ingress port, then deliver to the bridge's own stack, forward to the one known port, or flood.
 * With br_netfilter on, bridged IPv4 meets iptables PREROUTING at ingress and FORWARD and POSTROUTING
 * on each egress port, with {@code -i}/{@code -o} the bridge and {@code --physdev-in/out} the ports.
 */
public final class BridgeStage {
    /**
     * How often one frame may enter bridges before it is taken for a loop's storm and stopped. A frame enters a
     * bridge once per bridge it crosses (twice through a hairpin port); only ports cabled into a loop, with no STP
     * to block one, bring the same frame back again and again, and the kernel would then flood it forever.
     */
    static final int LOOP_ENTRIES = 64;

    private final Engine engine;
    // The frames that entered a bridge last (their network layer, the object a bridge passes on unchanged) and how
    // often each did: a frame in a loop keeps coming back, so it stays among the last few.
    private final Object[] entered = new Object[8];
    private final int[] entries = new int[8];
    private int nextEntered;

    public BridgeStage(Engine engine) {
        this.engine = engine;
    }

    /** A frame arrived on {@code port}, a port of bridge {@code b}. */
    public void input(NodeRuntime n, Bridge b, NetInterface port, Packet frame, int trace) {
        if (loops(frame)) {
            engine.step(trace, new TraceStep.Dropped(n.name(), "bridge loop: this frame entered a bridge "
                    + LOOP_ENTRIES + " times, last " + b.name() + " by " + port.name() + " (ports cabled into a loop,"
                    + " no STP: the kernel would flood it forever); the simulation stops it here"));
            return;
        }
        Fdb fdb = n.fdb(b.name());
        MacAddress src = frame.ethernet().source();
        if (!src.isMulticast()) {
            boolean isNew = fdb.learn(src, port.name(), engine.now());
            if (engine.tracing()) {
                engine.step(trace, new TraceStep.FdbLearned(n.name(), b.name(), src.toString(), port.name(), isNew));
            }
        }
        boolean netfilter = callsIptables(n, b, frame);
        Object conntrack = null;
        if (netfilter && !InternetChecksum.headerValid(frame.ip())) {
            // br_validate_ipv4, before br_netfilter's PREROUTING: the same check as ip_rcv's.
            engine.step(trace, new TraceStep.Dropped(n.name(), "bad IP header checksum: br_netfilter drops it before"
                    + " PREROUTING"));
            return;
        }
        if (netfilter && frame.ip().isFragment() && engine.tracksConnections(n)) {
            // br_netfilter runs IPv4 PREROUTING, nf_defrag_ipv4 first: the hooks see whole datagrams, and what goes
            // up to the bridge device is whole too.
            frame = Defragment.whole(engine, n, frame, Reassembly.User.BRIDGE_IN, trace);
            if (frame == null) {
                return;
            }
        }
        if (netfilter) {
            Packet tagged = frame.withMetadata(carried(frame).withInInterface(b.name())
                    .withBridgePorts(port.name(), null));
            if (!engine.pass(Hook.PREROUTING, n, tagged, null, trace, true)) {
                engine.step(trace, new TraceStep.Dropped(n.name(), engine.dropCause()));
                return;
            }
            conntrack = engine.passedConntrack();
            Packet passed = engine.passedPacket();
            if (!passed.ip().destination().equals(frame.ip().destination())) {
                afterDnat(n, b, port, frame, passed.withMetadata(carried(passed)), trace, conntrack);
                return;
            }
            frame = untagged(passed, frame);
        }
        bridge(n, b, port, frame, trace, netfilter, conntrack);
    }

    /** Counts one more entry of {@code frame} into a bridge; true once it has entered too often to be anything but a loop. */
    private boolean loops(Packet frame) {
        Object network = frame.network();
        for (int i = 0; i < entered.length; i++) {
            if (entered[i] == network) {
                return ++entries[i] > LOOP_ENTRIES;
            }
        }
        entered[nextEntered] = network;
        entries[nextEntered] = 1;
        nextEntered = (nextEntered + 1) % entered.length;
        return false;
    }

    /** br_handle_frame_finish after PREROUTING: up to the bridge's own stack, to the one known port, or flood. */
    private void bridge(NodeRuntime n, Bridge b, NetInterface port, Packet frame, int trace, boolean netfilter,
                        Object conntrack) {
        Fdb fdb = n.fdb(b.name());
        MacAddress dst = frame.ethernet().destination();
        if (dst.isBroadcast() || dst.isMulticast()) {
            flood(n, b, port, frame, trace, "broadcast", netfilter, conntrack);
            engine.upToBridgeDevice(n, b, frame, trace, netfilter, conntrack);
            return;
        }
        Fdb.Entry entry = fdb.lookup(dst, engine.now());
        if (entry == null) {
            flood(n, b, port, frame, trace, "unknown unicast", netfilter, conntrack);
            engine.bridgedPastDevice(n, b, frame);
            return;
        }
        if (entry.local()) {
            if (engine.tracing()) {
                engine.step(trace, new TraceStep.FdbHit(n.name(), b.name(), dst.toString(), entry.port(), true));
            }
            engine.upToBridgeDevice(n, b, frame, trace, netfilter, conntrack);
            return;
        }
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.FdbHit(n.name(), b.name(), dst.toString(), entry.port(), false));
        }
        if (entry.port().equals(port.name()) && !port.port().hairpin()) {
            engine.step(trace, new TraceStep.Dropped(n.name(), "bridge " + b.name() + " will not send a frame back"
                    + " out of its ingress port " + port.name() + " (hairpin_mode off)"));
            engine.bridgedPastDevice(n, b, frame);
            return;
        }
        forward(n, b, port, n.iface(entry.port()), frame, trace, netfilter, conntrack);
        engine.bridgedPastDevice(n, b, frame);
    }

    /**
     * br_nf_pre_routing_finish: NAT in bridge PREROUTING changed the destination, so the kernel routes the
     * new one. Local or via another interface: the frame goes up to the bridge device (its destination MAC
     * set to the bridge's), PREROUTING done. Via this same bridge: it stays bridged ("bridged DNAT",
     * br_nf_pre_routing_finish_bridge), by one of two ways depending on the neighbour entry of the next hop:
     * <ul>
     *   <li>NUD_CONNECTED with a cached header: only the destination MAC is rewritten (neigh_hh_bridge) and
     *       the frame is bridged on;</li>
     *   <li>otherwise (STALE, DELAY, unresolved): neigh->output sends it out of the bridge device (so tcpdump
     *       on the bridge shows it, with the bridge's MAC as source and the destination already DNATed, and
     *       the entry goes DELAY), then br_dev_xmit sees the bridged_dnat mark, puts the original source MAC
     *       back and bridges it from the original port. An entry learned from the sender's ARP request is
     *       STALE, so a container reaching its own published port takes this way for every frame.</li>
     * </ul>
     */
    private void afterDnat(NodeRuntime n, Bridge b, NetInterface port, Packet before, Packet after, int trace,
                           Object conntrack) {
        Ipv4Address dst = after.ip().destination();
        // br_nf_pre_routing_finish's ip_route_input, as from the bridge device.
        RoutingTable.Lookup lookup = n.routes().input(dst, after.ip().source(), b.name(), after.metadata().mark());
        Route route = lookup.found() ? lookup.route() : null;
        MacAddress source = before.ethernet().source();
        if (route == null || route.type() != RouteType.UNICAST || !route.device().equals(b.name())) {
            engine.upToBridgeDevice(n, b, after.withEthernet(before.ethernet().withAddresses(b.mac(), source)), trace,
                    true, conntrack);
            return;
        }
        Ipv4Address nextHop = route.gateway() != null ? route.gateway() : dst;
        NeighbourTable.Entry e = n.neighbours().entry(b.name(), nextHop);
        if (e != null && e.state().connected() && e.headerCached()) {
            engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("eth dst",
                    before.ethernet().destination().toString(), e.mac().toString())),
                    "br_netfilter: DNAT target is on " + b.name() + ", the frame stays bridged"));
            bridge(n, b, port, after.withEthernet(before.ethernet().withAddresses(e.mac(), source)), trace, true,
                    conntrack);
            return;
        }
        java.util.function.Consumer<MacAddress> send = mac -> viaBridgeDevice(n, b, port, after, source, mac, trace,
                conntrack);
        if (e != null) {
            engine.arp().used(n, b, nextHop);
            send.accept(e.mac());
            return;
        }
        engine.step(trace, new TraceStep.ArpRequested(n.name(), b.name(), nextHop.toString()));
        if (n.neighbours().enqueue(b.name(), nextHop, new NeighbourTable.Pending(after, trace, send))) {
            Packet request = new Packet(new Ethernet(MacAddress.BROADCAST, b.mac(), Ethernet.TYPE_ARP),
                    ArpMessage.request(b.mac(), IpOutput.arpSource(n, b, after), nextHop));
            engine.transmit(n, b, request, trace);
        }
    }

    private void viaBridgeDevice(NodeRuntime n, Bridge b, NetInterface port, Packet packet, MacAddress source,
                                 MacAddress mac, int trace, Object conntrack) {
        // Sent through the bridge device as through any other device.
        packet = Engine.asDeviceSends(n, b, packet);
        Ethernet viaBridge = new Ethernet(mac, b.mac(), Ethernet.TYPE_IPV4);
        engine.tapTransmit(n, b, packet.withEthernet(viaBridge), trace);
        engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("eth src",
                b.mac().toString(), source.toString())), "br_netfilter: bridged DNAT, the frame sent through "
                + b.name() + " is bridged on from " + port.name() + " with its own source MAC"));
        bridge(n, b, port, packet.withEthernet(new Ethernet(mac, source, Ethernet.TYPE_IPV4)), trace, true, conntrack);
    }

    /** The host's stack sends a frame out of the bridge device itself: no learning, no bridge netfilter. */
    public void deviceTransmit(NodeRuntime n, Bridge b, Packet frame, int trace) {
        MacAddress dst = frame.ethernet().destination();
        Fdb.Entry entry = dst.isMulticast() ? null : n.fdb(b.name()).lookup(dst, engine.now());
        if (entry == null || entry.local()) {
            flood(n, b, null, frame, trace, dst.isMulticast() ? "broadcast" : "unknown unicast", false, null);
            return;
        }
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.FdbHit(n.name(), b.name(), dst.toString(), entry.port(), false));
        }
        toPort(n, b, null, n.iface(entry.port()), frame, trace);
    }

    private void flood(NodeRuntime n, Bridge b, NetInterface ingress, Packet frame, int trace, String reason,
                       boolean netfilter, Object conntrack) {
        // br_flood walks the bridge's port_list, to which br_add_if adds each new port at the head: the port attached
        // last is sent its copy first. A node lists its ports in the order they were attached (ifindex order in a
        // snapshot, as the kernel numbers links when they are made). Measured with tcpdump -i any: the host's ARP
        // request out of docker0 leaves by veth-test2 before veth-test1.
        List<NetInterface> ports = n.node().portsOf(b.name());
        List<NetInterface> out = new ArrayList<>(ports.size());
        for (int i = ports.size() - 1; i >= 0; i--) {
            NetInterface p = ports.get(i);
            if (ingress == null || !p.name().equals(ingress.name()) || p.port().hairpin()) {
                out.add(p);
            }
        }
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.FdbFlooded(n.name(), b.name(), frame.ethernet().destination().toString(),
                    reason, out.stream().map(NetInterface::name).toList()));
        }
        for (NetInterface p : out) {
            forward(n, b, ingress, p, frame, trace, netfilter, conntrack);
        }
    }

    private void forward(NodeRuntime n, Bridge b, NetInterface in, NetInterface out, Packet frame, int trace,
                         boolean netfilter, Object conntrack) {
        if (netfilter && frame.isIpv4() && in != null) {
            Packet tagged = frame.withMetadata(carried(frame).withInInterface(b.name()).withOutInterface(b.name())
                    .withBridgePorts(in.name(), out.name()));
            if (!engine.pass(Hook.FORWARD, n, tagged, conntrack, trace, true)) {
                // A REJECT here answers too (RejectAnswer): the RST from the port the frame came in by.
                engine.dropped(n, trace, Hook.FORWARD, in);
                return;
            }
            Packet passed = engine.passedPacket();
            if (!engine.pass(Hook.POSTROUTING, n, passed.withMetadata(carried(passed)
                    .withOutInterface(b.name()).withBridgePorts(in.name(), out.name())), engine.passedConntrack(),
                    trace, true)) {
                engine.step(trace, new TraceStep.Dropped(n.name(), engine.dropCause()));
                return;
            }
            // A bridge mends no checksum: NAT in the bridged hooks adjusted them by difference, as the kernel does.
            frame = untagged(engine.passedPacket(), frame);
            int fragMaxSize = frame.metadata().fragMaxSize();
            int fits = fragMaxSize != 0 ? Math.min(out.mtu(), fragMaxSize) : out.mtu();
            // Bigger than the port it came in by, and not reassembled here: a GSO packet, which passes whole.
            if (frame.ip().totalLength() > fits
                    && (fragMaxSize != 0 || !MtuChecks.isGso(frame.ip().totalLength(), in.mtu()))) {
                fragmentAndSend(n, b, in, out, frame, trace);
                return;
            }
        }
        toPort(n, b, in, out, frame, trace);
    }

    /**
     * br_nf_dev_queue_xmit for an IPv4 datagram br_netfilter saw that does not fit the out port's MTU (or was
     * reassembled, and is bigger than its largest fragment was): br_nf_ip_fragment cuts it no bigger than the
     * bridge's MTU (and that fragment), or drops it without an ICMP error (EMSGSIZE) when DF is set or the largest
     * fragment was bigger than the bridge's MTU. A GSO packet (bigger than the MTU of the port it came in by) passes.
     */
    private void fragmentAndSend(NodeRuntime n, Bridge b, NetInterface in, NetInterface out, Packet frame,
                                 int trace) {
        int fragMaxSize = frame.metadata().fragMaxSize();
        String refused = frame.ip().dontFragment() ? "the datagram (" + frame.ip().totalLength() + " bytes, DF set)"
                + " does not fit " + out.name() + "'s MTU " + out.mtu()
                : fragMaxSize > b.mtu() ? "br_netfilter reassembled a datagram whose largest fragment (" + fragMaxSize
                + " bytes) is bigger than " + b.name() + "'s MTU " + b.mtu() : null;
        if (refused != null) {
            engine.step(trace, new TraceStep.Dropped(n.name(), refused + ": br_nf_ip_fragment drops it (EMSGSIZE, no"
                    + " ICMP error)"));
            return;
        }
        int mtu = fragMaxSize != 0 ? Math.min(b.mtu(), fragMaxSize) : b.mtu();
        // ip_do_fragment completes a checksum left to the device first (skb_checksum_help).
        List<Packet> fragments = Fragmentation.fragment(InternetChecksum.completePartial(frame), mtu);
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("length",
                    Integer.toString(frame.ip().totalLength()), fragments.size() + " fragments")),
                    fragMaxSize != 0 ? "br_netfilter: reassembled here, cut again no bigger than its largest fragment ("
                            + fragMaxSize + " bytes)"
                            : "br_netfilter: larger than " + out.name() + "'s MTU " + out.mtu() + ", cut for "
                            + b.name() + "'s MTU " + b.mtu()));
        }
        for (Packet f : fragments) {
            toPort(n, b, in, out, f.withMetadata(Metadata.NONE), trace);
        }
    }

    /**
     * br_dev_queue_push_xmit: a frame longer than the out port's MTU plus its link header and a VLAN tag's room
     * (is_skb_forwardable) is dropped; else the port sends it. A GSO packet (bigger than the MTU of the port it came
     * in by, {@code in}, or of the bridge device for the host's own, {@code in} null) passes.
     */
    private void toPort(NodeRuntime n, Bridge b, NetInterface in, NetInterface out, Packet frame, int trace) {
        if (!MtuChecks.forwardable(frame, out.mtu(), in != null ? in.mtu() : b.mtu())) {
            int length = MtuChecks.frameLength(frame);
            int limit = MtuChecks.frameLimit(out.mtu());
            engine.step(trace, new TraceStep.Dropped(n.name(), "the frame (" + length + " bytes) is longer than "
                    + out.name() + "'s MTU " + out.mtu() + " allows (" + limit + " with the link header and a VLAN"
                    + " tag's room): " + b.name() + " drops it (br_dev_queue_push_xmit)"));
            return;
        }
        engine.transmit(n, out, frame, trace);
    }

    /**
     * The frame that goes on after br_netfilter's hooks, without their metadata: {@code passed} with metadata
     * {@code NONE}. When the hooks changed nothing but the metadata (the same link header, network layer and
     * trailer objects as {@code frame}) and {@code frame} has none, that value equals {@code frame}, which is handed
     * on instead: most bridged frames pass unchanged, and each made a copy equal to the frame it came from.
     */
    private static Packet untagged(Packet passed, Packet frame) {
        Metadata carried = carried(passed);
        if (frame.metadata().equals(carried) && passed.ethernet() == frame.ethernet()
                && passed.network() == frame.network() && passed.trailer() == frame.trailer()) {
            return frame;
        }
        return passed.withMetadata(carried);
    }

    /**
     * What the skb carries from hook to hook: its mark (skb->mark, which a MARK rule in PREROUTING sets for the
     * routing decision and later rules), and for a datagram br_netfilter reassembled its frag_max_size, which
     * br_nf_dev_queue_xmit cuts it again by; the bridged hooks' interfaces are set afresh at each.
     */
    private static Metadata carried(Packet frame) {
        return Metadata.NONE.withFragMaxSize(frame.metadata().fragMaxSize()).withMark(frame.metadata().mark());
    }

    private static boolean callsIptables(NodeRuntime n, Bridge b, Packet frame) {
        return frame.isIpv4() && (n.node().sysctls().bridgeNfCallIptables() || b.nfCallIptables());
    }
}
