package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.Sysctls;

/**
 * The kernel's {@code icmp_send} for an error about a packet a node got or forwarded (REJECT's ICMP kinds, a TTL that
 * runs out in forwarding): when it sends nothing, where the error comes from, and the error itself, which leaves
 * with the offending packet's connection attached (icmp_glue_bits: nf_ct_attach). Its rate limit per destination
 * (6 at once, then one a second) is {@link IcmpPeers}'.
 */
final class IcmpSend {
    private IcmpSend() {
    }

    /**
     * Why icmp_send sends no error of {@code type}/{@code code} about {@code offending} at {@code now}, or null when it
     * does. Its last check is the rate limit for the error's destination, which spends that peer's tokens when it
     * lets the error go: ask once per error.
     */
    static String refusal(NodeRuntime n, Packet offending, boolean forUs, int type, int code, long now) {
        String refused = refusal(n, offending, forUs);
        if (refused != null) {
            return refused;
        }
        Ipv4Address to = offending.ip().source();
        Route way = n.routes().lookup(to);
        if (way == null) {
            return "no route back to " + to; // icmp_route_lookup fails
        }
        if (way.type() == RouteType.LOCAL) {
            return null; // icmpv4_xrlim_allow: an error leaving by the loopback device is never limited
        }
        Sysctls sysctls = n.node().sysctls();
        return n.icmpPeers().icmpSendAllows(to, type, code, now, sysctls.icmpRatelimitMs(), sysctls.icmpRatemask())
                ? null : "icmp_send's rate limit for " + to + " holds it back (net.ipv4.icmp_ratelimit="
                + sysctls.icmpRatelimitMs() + ": 6 errors at once, then one every " + sysctls.icmpRatelimitMs() + " ms)";
    }

    /** The checks before the rate limit: what icmp_send never answers, and no route back. */
    private static String refusal(NodeRuntime n, Packet offending, boolean forUs) {
        if (!offending.isIpv4()) {
            return "not an IPv4 packet";
        }
        Ipv4Header ip = offending.ip();
        String never = neverAnswered(n, ip);
        if (never != null) {
            return never;
        }
        if (offending.ethernet() != null && (offending.ethernet().destination().isBroadcast()
                || offending.ethernet().destination().isMulticast())) {
            return "the frame was sent to a link-layer broadcast or multicast address (icmp_send: not PACKET_HOST)";
        }
        if (offending.ipv4().transport() instanceof IcmpMessage icmp && icmp.isError()) {
            return "an ICMP error is never answered with an ICMP error";
        }
        return source(n, offending.ipv4(), forUs) == null ? "no route back to " + ip.source() : null;
    }

    /**
     * Sends the error of {@code type} and {@code code} about {@code offending}, which {@link #refusal} found
     * answerable, from {@code n}. {@code forUs}: the packet was for this node (its route was local).
     */
    static void send(Engine engine, NodeRuntime n, Packet offending, boolean forUs, int type, int code,
                     Object attached, String by) {
        send(engine, n, offending, forUs, type, code, 0, attached, by);
    }

    /** The same with the error's second header word {@code restOfHeader} (fragmentation needed: the MTU). */
    static void send(Engine engine, NodeRuntime n, Packet offending, boolean forUs, int type, int code,
                     int restOfHeader, Object attached, String by) {
        Ipv4Datagram d = offending.ipv4();
        // The error's TOS is the offending packet's (its TOS bits) with the internetwork-control precedence.
        int tos = d.header().tos() & 0x1e | Datagrams.ICMP_ERROR_TOS;
        engine.sendAnswer(n, Datagrams.icmpError(source(n, d, forUs), d.header().source(), tos, n.nextIpId(),
                Datagrams.quoting(type, code, restOfHeader, d)), by, false, attached);
    }

    /**
     * The error's source: the address a packet for this node went to; for another packet, the one the route back to
     * its sender picks (its preferred source, else the first address of its device); null without a route back.
     */
    private static Ipv4Address source(NodeRuntime n, Ipv4Datagram offending, boolean forUs) {
        Ipv4Address to = offending.header().destination();
        if (forUs || n.routes().isLocal(to)) {
            return to;
        }
        Route back = n.routes().lookup(offending.header().source());
        return back == null ? null : IpOutput.sourceOf(n, back);
    }

    /**
     * What neither icmp_send nor nf_send_reset answers, or null: a fragment other than the first, and a packet to a
     * broadcast or multicast address.
     */
    static String neverAnswered(NodeRuntime n, Ipv4Header ip) {
        if (ip.fragmentOffset() != 0) {
            return "a fragment other than the first is never answered";
        }
        Route r = n.routes().lookup(ip.destination());
        if (ip.destination().equals(Ipv4Address.BROADCAST) || ip.destination().isMulticast()
                || r != null && r.type() == RouteType.BROADCAST) {
            return "the packet went to a broadcast or multicast address";
        }
        return null;
    }
}
