package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.HookResult;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.l3.InternetChecksum;
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
    private final Engine engine;

    public BridgeStage(Engine engine) {
        this.engine = engine;
    }

    /** A frame arrived on {@code port}, a port of bridge {@code b}. */
    public void input(NodeRuntime n, Bridge b, NetInterface port, Packet frame, int trace) {
        Fdb fdb = n.fdb(b.name());
        MacAddress src = frame.ethernet().source();
        if (!src.isMulticast()) {
            boolean isNew = fdb.learn(src, port.name(), engine.now());
            engine.step(trace, new TraceStep.FdbLearned(n.name(), b.name(), src.toString(), port.name(), isNew));
        }
        boolean netfilter = callsIptables(n, b, frame);
        Object conntrack = null;
        if (netfilter) {
            Packet tagged = frame.withMetadata(Metadata.NONE.withInInterface(b.name())
                    .withBridgePorts(port.name(), null));
            HookResult r = engine.hook(Hook.PREROUTING, n, tagged, null, trace, true);
            if (!r.accepted()) {
                engine.step(trace, new TraceStep.Dropped(n.name(), r.dropCause()));
                return;
            }
            conntrack = r.conntrack();
            if (!r.packet().ip().destination().equals(frame.ip().destination())) {
                Packet bridged = bridgedAfterDnat(n, b, frame, r.packet(), trace);
                if (bridged == null) {
                    // Routed elsewhere (or local): the IP stack takes it, PREROUTING already done.
                    engine.upToBridgeDevice(n, b, r.packet().withMetadata(Metadata.NONE), trace, true, conntrack);
                    return;
                }
                frame = bridged;
            } else {
                frame = r.packet().withMetadata(Metadata.NONE);
            }
        }
        MacAddress dst = frame.ethernet().destination();
        if (dst.isBroadcast() || dst.isMulticast()) {
            flood(n, b, port, frame, trace, "broadcast", netfilter, conntrack);
            engine.upToBridgeDevice(n, b, frame, trace, netfilter, conntrack);
            return;
        }
        Fdb.Entry entry = fdb.lookup(dst, engine.now());
        if (entry == null) {
            flood(n, b, port, frame, trace, "unknown unicast", netfilter, conntrack);
            return;
        }
        if (entry.local()) {
            engine.step(trace, new TraceStep.FdbHit(n.name(), b.name(), dst.toString(), entry.port(), true));
            engine.upToBridgeDevice(n, b, frame, trace, netfilter, conntrack);
            return;
        }
        engine.step(trace, new TraceStep.FdbHit(n.name(), b.name(), dst.toString(), entry.port(), false));
        if (entry.port().equals(port.name()) && !port.port().hairpin()) {
            engine.step(trace, new TraceStep.Dropped(n.name(), "bridge " + b.name() + " will not send a frame back"
                    + " out of its ingress port " + port.name() + " (hairpin_mode off)"));
            return;
        }
        forward(n, b, port, n.node().iface(entry.port()), frame, trace, netfilter, conntrack);
    }

    /**
     * br_nf_pre_routing_finish: after DNAT the kernel routes the new destination; when the route leaves by
     * this same bridge the frame stays bridged, with the new destination's MAC from the neighbour table
     * (the hairpin case: a container reaching its own published port). Returns null when it is not bridged.
     * When the neighbour is unknown the kernel would resolve it first; this simulation routes it instead.
     */
    private Packet bridgedAfterDnat(NodeRuntime n, Bridge b, Packet before, Packet after, int trace) {
        Ipv4Address dst = after.ip().destination();
        Route route = n.routes().lookup(dst);
        if (route == null || route.type() != RouteType.UNICAST || !route.device().equals(b.name())) {
            return null;
        }
        MacAddress mac = n.neighbours().lookup(b.name(), route.gateway() != null ? route.gateway() : dst);
        if (mac == null) {
            return null;
        }
        MacAddress old = before.ethernet().destination();
        engine.step(trace, new TraceStep.Transformed(n.name(), List.of(new FieldChange("eth dst", old.toString(),
                mac.toString())), "br_netfilter: DNAT target is on " + b.name() + ", the frame stays bridged"));
        return after.withMetadata(Metadata.NONE).withEthernet(before.ethernet().withAddresses(mac,
                before.ethernet().source()));
    }

    /** The host's stack sends a frame out of the bridge device itself: no learning, no bridge netfilter. */
    public void deviceTransmit(NodeRuntime n, Bridge b, Packet frame, int trace) {
        MacAddress dst = frame.ethernet().destination();
        Fdb.Entry entry = dst.isMulticast() ? null : n.fdb(b.name()).lookup(dst, engine.now());
        if (entry == null || entry.local()) {
            flood(n, b, null, frame, trace, dst.isMulticast() ? "broadcast" : "unknown unicast", false, null);
            return;
        }
        engine.step(trace, new TraceStep.FdbHit(n.name(), b.name(), dst.toString(), entry.port(), false));
        engine.transmit(n, n.node().iface(entry.port()), frame, trace);
    }

    private void flood(NodeRuntime n, Bridge b, NetInterface ingress, Packet frame, int trace, String reason,
                       boolean netfilter, Object conntrack) {
        List<NetInterface> out = new ArrayList<>();
        for (NetInterface p : n.node().portsOf(b.name())) {
            if (ingress == null || !p.name().equals(ingress.name()) || p.port().hairpin()) {
                out.add(p);
            }
        }
        engine.step(trace, new TraceStep.FdbFlooded(n.name(), b.name(), frame.ethernet().destination().toString(),
                reason, out.stream().map(NetInterface::name).toList()));
        for (NetInterface p : out) {
            forward(n, b, ingress, p, frame, trace, netfilter, conntrack);
        }
    }

    private void forward(NodeRuntime n, Bridge b, NetInterface in, NetInterface out, Packet frame, int trace,
                         boolean netfilter, Object conntrack) {
        if (netfilter && frame.isIpv4() && in != null) {
            Packet tagged = frame.withMetadata(Metadata.NONE.withInInterface(b.name()).withOutInterface(b.name())
                    .withBridgePorts(in.name(), out.name()));
            HookResult r = engine.hook(Hook.FORWARD, n, tagged, conntrack, trace, true);
            if (r.accepted()) {
                r = engine.hook(Hook.POSTROUTING, n, r.packet().withMetadata(Metadata.NONE
                        .withOutInterface(b.name()).withBridgePorts(in.name(), out.name())), r.conntrack(), trace, true);
            }
            if (!r.accepted()) {
                engine.step(trace, new TraceStep.Dropped(n.name(), r.dropCause()));
                return;
            }
            frame = r.packet().withMetadata(Metadata.NONE);
            frame = frame.withNetwork(InternetChecksum.refresh(frame.ipv4()));
        }
        engine.transmit(n, out, frame, trace);
    }

    private static boolean callsIptables(NodeRuntime n, Bridge b, Packet frame) {
        return frame.isIpv4() && (n.node().sysctls().bridgeNfCallIptables() || b.nfCallIptables());
    }
}
