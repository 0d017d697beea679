package io.bridgelab.sim.world;

import java.util.Map;
import java.util.Set;

/**
 * The sysctls of one namespace that change a packet's way.
 *
 * @param ipForward             {@code net.ipv4.ip_forward}: route packets not addressed to this node
 * @param routeLocalnet         {@code net.ipv4.conf.all.route_localnet}: accept 127/8 from other interfaces
 * @param rpFilter              {@code net.ipv4.conf.all.rp_filter}: 0 off, 1 strict, 2 loose
 * @param bridgeNfCallIptables  {@code net.bridge.bridge-nf-call-iptables}: bridged IPv4 traverses iptables
 * @param routeLocalnetDevices  interfaces with {@code net.ipv4.conf.IF.route_localnet=1} (dockerd
 *                              {@code --userland-proxy=false} sets it on its bridges only)
 * @param conntrackChecksum     {@code net.netfilter.nf_conntrack_checksum} (1 by default): conntrack checks
 *                              TCP/UDP/ICMP checksums in PREROUTING and finds a bad one INVALID
 * @param icmpRatelimitMs       {@code net.ipv4.icmp_ratelimit} (1000 by default): the ms of tokens icmp_send spends
 *                              per error to one address, of a bucket of 6 times that; 0 turns the limit off
 * @param icmpRatemask          {@code net.ipv4.icmp_ratemask} (6168 by default): bit N set, ICMP type N is limited
 * @param rpFilterDevices       {@code net.ipv4.conf.IF.rp_filter} of interfaces that have one recorded; the kernel
 *                              filters by the larger of it and {@code all}'s (IN_DEV_MAXCONF)
 * @param forwardingDevices     {@code net.ipv4.conf.IF.forwarding} of interfaces that have one recorded; the kernel
 *                              forwards what arrives on IF by IF's own (IN_DEV_FORWARD), which writing
 *                              {@code ip_forward} sets on every interface; an interface without one follows
 *                              {@code ipForward}
 * @param arpIgnore             {@code net.ipv4.conf.all.arp_ignore} and {@code conf.IF.arp_ignore} as recorded (key
 *                              {@code all} or the interface; none: 0); the kernel takes the larger: 0 answers an ARP
 *                              request for any local address, 1 only for an address of the interface it came in by,
 *                              2 also only from a sender in that address's subnet, 8 never
 * @param sendRedirects         {@code net.ipv4.conf.all.send_redirects} and {@code conf.IF.send_redirects} as
 *                              recorded (key {@code all} or the interface; none: 1, the kernel's default); the kernel
 *                              sends ICMP redirects from an interface when either is 1 (IN_DEV_TX_REDIRECTS)
 * @param ipfragTimeSeconds     {@code net.ipv4.ipfrag_time} (30 by default): how long a datagram's fragments wait
 *                              for the rest before their queue is dropped
 */
public record Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables,
                      Set<String> routeLocalnetDevices, boolean conntrackChecksum, int icmpRatelimitMs,
                      int icmpRatemask, Map<String, Integer> rpFilterDevices, Map<String, Boolean> forwardingDevices,
                      Map<String, Integer> arpIgnore, Map<String, Boolean> sendRedirects, int ipfragTimeSeconds) {
    /** The kernel's {@code net.ipv4.icmp_ratelimit}: 1000 ms. */
    public static final int ICMP_RATELIMIT_MS = 1000;
    /** The kernel's {@code net.ipv4.icmp_ratemask}: destination unreachable, source quench, time exceeded, parameter problem. */
    public static final int ICMP_RATEMASK = 6168;
    /** The kernel's {@code net.ipv4.ipfrag_time}: 30 s. */
    public static final int IPFRAG_TIME_SECONDS = 30;

    /** A fresh namespace: nothing forwarded, and br_netfilter's default (on once the module is loaded). */
    public static final Sysctls DEFAULTS = new Sysctls(false, false, 0, true);
    /** A Docker host: dockerd turns on ip_forward; br_netfilter is loaded with call-iptables on. */
    public static final Sysctls DOCKER_HOST = new Sysctls(true, false, 0, true);

    public Sysctls {
        if (rpFilter < 0 || rpFilter > 2) {
            throw new IllegalArgumentException("rp_filter is 0, 1 or 2: " + rpFilter);
        }
        if (ipfragTimeSeconds < 1) {
            throw new IllegalArgumentException("ipfrag_time is 1 or more seconds: " + ipfragTimeSeconds);
        }
        if (icmpRatelimitMs < 0) {
            throw new IllegalArgumentException("icmp_ratelimit is 0 or more ms: " + icmpRatelimitMs);
        }
        routeLocalnetDevices = routeLocalnetDevices == null ? Set.of() : Set.copyOf(routeLocalnetDevices);
        rpFilterDevices = rpFilterDevices == null ? Map.of() : Map.copyOf(rpFilterDevices);
        for (Map.Entry<String, Integer> e : rpFilterDevices.entrySet()) {
            if (e.getValue() < 0 || e.getValue() > 2) {
                throw new IllegalArgumentException(e.getKey() + "'s rp_filter is 0, 1 or 2: " + e.getValue());
            }
        }
        forwardingDevices = forwardingDevices == null ? Map.of() : Map.copyOf(forwardingDevices);
        arpIgnore = arpIgnore == null ? Map.of() : Map.copyOf(arpIgnore);
        sendRedirects = sendRedirects == null ? Map.of() : Map.copyOf(sendRedirects);
    }

    /** No interface sets route_localnet by itself; conntrack checks checksums (the kernel's default). */
    public Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables) {
        this(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, Set.of(), true, ICMP_RATELIMIT_MS, ICMP_RATEMASK,
                Map.of(), Map.of(), Map.of(), Map.of(), IPFRAG_TIME_SECONDS);
    }

    /** The same with {@code nf_conntrack_checksum} changed. */
    public Sysctls withConntrackChecksum(boolean on) {
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, routeLocalnetDevices, on,
                icmpRatelimitMs, icmpRatemask, rpFilterDevices, forwardingDevices, arpIgnore, sendRedirects,
                ipfragTimeSeconds);
    }

    /** The same with {@code net.ipv4.icmp_ratelimit} and {@code net.ipv4.icmp_ratemask} changed. */
    public Sysctls withIcmpLimits(int ratelimitMs, int ratemask) {
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, routeLocalnetDevices,
                conntrackChecksum, ratelimitMs, ratemask, rpFilterDevices, forwardingDevices, arpIgnore, sendRedirects,
                ipfragTimeSeconds);
    }

    /** The same with {@code net.ipv4.conf.DEVICE.route_localnet=1} too (dockerd's, for the userland proxy off). */
    public Sysctls withRouteLocalnet(String device) {
        Set<String> devices = new java.util.HashSet<>(routeLocalnetDevices);
        devices.add(device);
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, devices, conntrackChecksum,
                icmpRatelimitMs, icmpRatemask, rpFilterDevices, forwardingDevices, arpIgnore, sendRedirects,
                ipfragTimeSeconds);
    }

    /** rp_filter as the kernel applies it to what arrives on {@code device}: the larger of all's and its own. */
    public int rpFilter(String device) {
        return Math.max(rpFilter, rpFilterDevices.getOrDefault(device, 0));
    }

    /** arp_ignore as the kernel applies it to a request that came in on {@code device}: the larger of all's and its own. */
    public int arpIgnore(String device) {
        return Math.max(arpIgnore.getOrDefault("all", 0), arpIgnore.getOrDefault(device, 0));
    }

    /** Whether {@code device} sends ICMP redirects: {@code all}'s OR its own (IN_DEV_TX_REDIRECTS), each 1 by default. */
    public boolean sendRedirects(String device) {
        return sendRedirects.getOrDefault("all", true) || sendRedirects.getOrDefault(device, true);
    }

    /** Whether what arrives on {@code device} may be forwarded (IN_DEV_FORWARD: the device's own setting). */
    public boolean forwarding(String device) {
        return forwardingDevices.getOrDefault(device, ipForward);
    }

    /** route_localnet as the kernel reads it for {@code device}: {@code all} OR the device's own (IN_DEV_ORCONF). */
    public boolean routeLocalnet(String device) {
        return routeLocalnet || routeLocalnetDevices.contains(device);
    }
}
