package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.Hook;
import io.bridgelab.sim.engine.MtuChecks;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.FieldChange;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;

import java.util.List;

/**
 * IPv4 receive (ip_rcv, ip_route_input, ip_forward): PREROUTING, the routing decision, then INPUT and
 * local delivery, or FORWARD with the TTL decremented and on to {@link IpOutput#postrouting}.
 */
public final class IpInput {
    /** ICMP redirect's code for "redirect datagrams for the host". */
    private static final int REDIRECT_HOST = 1;
    /** ICMP destination unreachable's code for "fragmentation needed and DF set". */
    static final int FRAGMENTATION_NEEDED = 4;
    /** How the cause of a drop for want of fragmenting reads between the size and the interface. */
    public static final String TOO_BIG_WITH_DF = " bytes, DF set) is larger than ";
    private final Engine engine;
    private final LocalDelivery local;

    public IpInput(Engine engine) {
        this.engine = engine;
        this.local = new LocalDelivery(engine);
    }

    /**
     * @param prerouted br_netfilter already ran PREROUTING (the kernel does not run it twice)
     * @param conntrack the evaluator's view from that PREROUTING
     */
    public void receive(NodeRuntime n, NetInterface iface, Packet frame, int trace, boolean prerouted,
                        Object conntrack) {
        // ip_rcv clears IPCB (frag_max_size) but not skb->mark: a mark br_netfilter's PREROUTING set stays for the
        // routing decision. A frame that crossed a link into this namespace has none (skb_scrub_packet).
        Packet packet = frame.withMetadata(Metadata.NONE.withInInterface(iface.name())
                .withMark(prerouted ? frame.metadata().mark() : 0));
        if (!prerouted && !InternetChecksum.headerValid(packet.ip())) {
            // ip_rcv_core checks the header before any hook.
            drop(n, trace, "bad IP header checksum " + hex(packet.ip().checksum()) + " (should be "
                    + hex(InternetChecksum.header(packet.ip())) + "): ip_rcv drops it before PREROUTING");
            return;
        }
        if (!prerouted && packet.ip().isFragment() && engine.tracksConnections(n)) {
            // nf_defrag_ipv4, PREROUTING's first hook (priority -400): conntrack and NAT see whole datagrams.
            packet = Defragment.whole(engine, n, packet, Reassembly.User.CONNTRACK_IN, trace);
            if (packet == null) {
                return;
            }
        }
        if (!prerouted) {
            if (!engine.pass(Hook.PREROUTING, n, packet, null, trace, false)) {
                engine.step(trace, new TraceStep.Dropped(n.name(), engine.dropCause()));
                return;
            }
            packet = engine.passedPacket();
            conntrack = engine.passedConntrack();
        }
        Ipv4Address src = packet.ip().source();
        Ipv4Address dst = packet.ip().destination();
        boolean fromLoopback = iface instanceof Loopback;
        if (!fromLoopback && dst.isLoopback() && !n.node().sysctls().routeLocalnet(iface.name())) {
            drop(n, trace, "martian destination " + dst + " arrived on " + iface.name()
                    + " (net.ipv4.conf." + iface.name() + ".route_localnet=0 and all.route_localnet=0)");
            return;
        }
        if (!fromLoopback && (src.isLoopback() || n.routes().isLocal(src))) {
            drop(n, trace, "martian source " + src + " on " + iface.name() + ": a local address from outside");
            return;
        }
        RoutingTable.Lookup lookup = n.routes().input(dst, src, iface.name(), packet.metadata().mark());
        if (!lookup.found()) {
            noRoute(n, iface, packet, conntrack, trace, lookup);
            return;
        }
        Route route = lookup.route();
        String reversePath = fromLoopback ? null : reversePathRefusal(n, iface, src, dst);
        if (reversePath != null) {
            drop(n, trace, reversePath);
            return;
        }
        if (route.type() == RouteType.LOCAL || route.type() == RouteType.BROADCAST) {
            if (engine.tracing()) {
                engine.step(trace, new TraceStep.Routed(n.name(), "local", route.toString(), null, null));
            }
            if (packet.ip().isFragment()) {
                // ip_local_deliver reassembles before INPUT (a namespace with conntrack did it before PREROUTING).
                packet = Defragment.whole(engine, n, packet, Reassembly.User.LOCAL_DELIVER, trace);
                if (packet == null) {
                    return;
                }
            }
            if (!engine.pass(Hook.INPUT, n, packet, conntrack, trace, false)) {
                engine.dropped(n, trace, Hook.INPUT);
                return;
            }
            local.deliver(n, engine.passedPacket(), trace);
            return;
        }
        if (!n.node().sysctls().forwarding(iface.name())) {
            drop(n, trace, dst + " is not local and " + noForwarding(n, iface) + ": not forwarded");
            return;
        }
        NetInterface out = n.iface(route.device());
        Ipv4Address nextHop = route.gateway() != null ? route.gateway() : dst;
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.Routed(n.name(), "forward", route.toString(), out.name(),
                    nextHop.toString()));
        }
        int ttl = packet.ip().ttl();
        if (ttl <= 1) {
            // ip_forward: too_many_hops, before the FORWARD hook; icmp_send tells the sender (traceroute's answer).
            dropWithError(n, packet, conntrack, trace, "TTL " + ttl + " expires in transit", IcmpMessage.TIME_EXCEEDED,
                    0, 0, "ICMP time exceeded", "kernel (ICMP time exceeded in transit)");
            return;
        }
        int mtu = route.mtuVia(out);
        if (exceedsMtu(packet, mtu, iface)) {
            // ip_forward: ip_exceeds_mtu, before the TTL decrement and the FORWARD hook; the error (never rate
            // limited) tells the sender the MTU to use, and path MTU discovery does the rest.
            dropWithError(n, packet, conntrack, trace, "the datagram (" + packet.ip().totalLength()
                    + TOO_BIG_WITH_DF + route.mtuTextVia(out), IcmpMessage.DESTINATION_UNREACHABLE,
                    FRAGMENTATION_NEEDED, mtu, "ICMP fragmentation needed (next-hop MTU " + mtu + ")",
                    "kernel (ICMP fragmentation needed, MTU " + mtu + ")");
            return;
        }
        // ip_forward decrements the TTL before the FORWARD hook runs.
        packet = new Packet(packet.ethernet(), InternetChecksum.withTtl(packet.ipv4(), ttl - 1), packet.trailer(),
                packet.metadata().withOutInterface(out.name()));
        if (engine.tracing()) {
            engine.step(trace, new TraceStep.Transformed(n.name(),
                    List.of(new FieldChange("ttl", Integer.toString(ttl), Integer.toString(ttl - 1))), "forwarding"));
        }
        if (out.name().equals(iface.name()) && redirects(n, iface, src, route)) {
            sendRedirect(n, packet, conntrack, route.gateway() != null ? route.gateway() : dst);
        }
        if (!engine.pass(Hook.FORWARD, n, packet, conntrack, trace, false)) {
            engine.dropped(n, trace, Hook.FORWARD);
            return;
        }
        engine.ipOutput().postrouting(n, engine.passedPacket(), engine.passedConntrack(), out, route, nextHop, trace);
    }

    /**
     * Whether forwarding this packet earns its sender an ICMP redirect (__mkroute_input's IPSKB_DOREDIRECT): it
     * leaves by the interface it came in by, which sends redirects (send_redirects: conf.all OR conf.IF), its sender
     * is reached directly on that link (fib_validate_source: the route back has no gateway and leaves by it), and
     * the sender and the route's gateway are both within a subnet of the interface (inet_addr_onlink).
     */
    private static boolean redirects(NodeRuntime n, NetInterface iface, Ipv4Address src, Route route) {
        if (!n.node().sysctls().sendRedirects(iface.name())) {
            return false;
        }
        Route back = n.routes().lookup(src);
        if (back == null || back.type() != RouteType.UNICAST || back.gateway() != null
                || !back.device().equals(iface.name())) {
            return false;
        }
        return onLink(iface, src) && (route.gateway() == null || onLink(iface, route.gateway()));
    }

    private static boolean onLink(NetInterface iface, Ipv4Address a) {
        for (InterfaceAddress own : iface.addresses()) {
            if (own.subnet().contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * ip_rt_send_redirect: ICMP redirect for host, naming {@code gateway} (the route's next hop), quoting the packet
     * after the TTL decrement, before the FORWARD hook; held back by the sender's back-off ({@link IcmpPeers}) and
     * by icmp_send's own checks. It leaves with the packet's connection, so a nat table may still drop it.
     */
    private void sendRedirect(NodeRuntime n, Packet packet, Object conntrack, Ipv4Address gateway) {
        Ipv4Address sender = packet.ip().source();
        if (!n.icmpPeers().redirectAllows(sender, engine.now())) {
            return;
        }
        if (IcmpSend.refusal(n, packet, false, IcmpMessage.REDIRECT, REDIRECT_HOST, engine.now()) != null) {
            return;
        }
        IcmpSend.send(engine, n, packet, false, IcmpMessage.REDIRECT, REDIRECT_HOST, gateway.bits(),
                engine.answerView(conntrack), "kernel (ICMP redirect: " + packet.ip().destination() + " is reached via "
                        + gateway + ", on " + sender + "'s own link)");
    }

    /**
     * fib_validate_source's reverse-path filter for a packet from {@code src} that came in on {@code iface}: why it
     * refuses it, or null. The kernel filters by the larger of conf.all.rp_filter and conf.IF.rp_filter: strict (1)
     * wants the route back to leave by {@code iface}, loose (2) any route back. Also applies to an ARP request's
     * sender (arp_process routes the request like a packet from it).
     */
    public static String reversePathRefusal(NodeRuntime n, NetInterface iface, Ipv4Address src, Ipv4Address dst) {
        int rpFilter = n.node().sysctls().rpFilter(iface.name());
        if (rpFilter == 0) {
            return null;
        }
        Route back = n.routes().reverse(src, dst);
        if (back != null && (rpFilter == 2 || back.device().equals(iface.name()))) {
            return null;
        }
        return "rp_filter=" + rpFilter + " on " + iface.name() + ": " + (back == null
                ? "there is no route back to " + src
                : "the route back to " + src + " leaves by " + back.device() + ", not " + iface.name());
    }

    /**
     * ip_route_input_slow's lookup failed, for want of a route, on a route of a failing type, or on a rule whose action
     * fails it ({@code lookup}): the packet goes to ip_error, which answers by the error when the node forwards
     * (without forwarding it only counts the packet): no route, throw or an {@code unreachable} rule, ICMP net
     * unreachable; an unreachable route, host unreachable; prohibit, communication administratively prohibited;
     * blackhole, nothing.
     */
    private void noRoute(NodeRuntime n, NetInterface iface, Packet packet, Object conntrack, int trace,
                         RoutingTable.Lookup lookup) {
        Ipv4Address dst = packet.ip().destination();
        RouteType failure = lookup.failure();
        String cause = lookup.route() == null && lookup.rule() == null ? "no route to " + dst
                : lookup.failedText(dst) + " (" + failure.error() + ")";
        if (!n.node().sysctls().forwarding(iface.name())) {
            drop(n, trace, cause + " (and " + noForwarding(n, iface) + ": no ICMP error)");
            return;
        }
        int code = failure.forwardedAnswer();
        if (code < 0) {
            drop(n, trace, cause + "; ip_error drops it without an answer");
            return;
        }
        String what = switch (code) {
            case 0 -> "ICMP net unreachable";
            case 1 -> "ICMP host unreachable";
            default -> "ICMP communication administratively prohibited";
        };
        if (!n.icmpPeers().ipErrorAllows(packet.ip().source(), engine.now())) {
            drop(n, trace, cause + "; no " + what + ": ip_error's rate limit for " + packet.ip().source()
                    + " holds it back (5 at once, then one a second; icmp_send's own limit spends from the same"
                    + " budget)");
            return;
        }
        dropWithError(n, packet, conntrack, trace, cause, IcmpMessage.DESTINATION_UNREACHABLE, code, 0, what,
                "kernel (" + what + ": " + (lookup.route() != null ? lookup.route().type().text() + " route"
                        : lookup.rule() != null ? lookup.rule().action().text() + " rule" : "no route") + ")");
    }

    /**
     * ip_exceeds_mtu: a datagram with DF set that is bigger than the way out's MTU. A datagram bigger than the MTU
     * of the interface it came in by is a GSO packet (a socket's TSO/GSO send or GRO's merge, which tcpdump captures
     * whole): the kernel checks its segments, which fit, so it passes.
     */
    private static boolean exceedsMtu(Packet packet, int mtu, NetInterface in) {
        if (!packet.ip().dontFragment()) {
            return false;
        }
        int length = packet.ip().totalLength();
        // Reassembled from fragments with DF: the largest of them must fit (IPCB(skb)->frag_max_size).
        return packet.metadata().fragMaxSize() > mtu || length > mtu && !MtuChecks.isGso(length, in.mtu());
    }

    /**
     * Drops a packet this node was to forward and, unless icmp_send would not, tells its sender with the ICMP error
     * {@code type}/{@code code} ({@code what}, sent {@code by}; {@code rest}: the header's second word), attached to
     * the packet's connection.
     */
    private void dropWithError(NodeRuntime n, Packet packet, Object conntrack, int trace, String cause, int type,
                               int code, int rest, String what, String by) {
        String none = IcmpSend.refusal(n, packet, false, type, code, engine.now());
        drop(n, trace, cause + (none == null ? "; the kernel answers " + what : "; no " + what + ": " + none));
        if (none == null) {
            IcmpSend.send(engine, n, packet, false, type, code, rest, engine.answerView(conntrack), by);
        }
    }

    /**
     * Why what arrives on {@code iface} is not forwarded, in the sysctl's words: ip_forward sets every interface's
     * forwarding, and an interface's own can be 0 beside it.
     */
    private static String noForwarding(NodeRuntime n, NetInterface iface) {
        return n.node().sysctls().ipForward()
                ? "net.ipv4.conf." + iface.name() + ".forwarding=0 (ip_forward is 1, but the kernel asks the interface"
                + " the packet came in by)"
                : "net.ipv4.ip_forward=0";
    }

    private static String hex(int checksum) {
        return String.format("0x%04x", checksum);
    }

    private void drop(NodeRuntime n, int trace, String cause) {
        engine.step(trace, new TraceStep.Dropped(n.name(), cause));
    }
}
