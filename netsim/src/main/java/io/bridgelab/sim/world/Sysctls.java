package io.bridgelab.sim.world;

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
 */
public record Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables,
                      Set<String> routeLocalnetDevices, boolean conntrackChecksum, int icmpRatelimitMs,
                      int icmpRatemask) {
    /** The kernel's {@code net.ipv4.icmp_ratelimit}: 1000 ms. */
    public static final int ICMP_RATELIMIT_MS = 1000;
    /** The kernel's {@code net.ipv4.icmp_ratemask}: destination unreachable, source quench, time exceeded, parameter problem. */
    public static final int ICMP_RATEMASK = 6168;

    /** A fresh namespace: nothing forwarded, and br_netfilter's default (on once the module is loaded). */
    public static final Sysctls DEFAULTS = new Sysctls(false, false, 0, true);
    /** A Docker host: dockerd turns on ip_forward; br_netfilter is loaded with call-iptables on. */
    public static final Sysctls DOCKER_HOST = new Sysctls(true, false, 0, true);

    public Sysctls {
        if (rpFilter < 0 || rpFilter > 2) {
            throw new IllegalArgumentException("rp_filter is 0, 1 or 2: " + rpFilter);
        }
        if (icmpRatelimitMs < 0) {
            throw new IllegalArgumentException("icmp_ratelimit is 0 or more ms: " + icmpRatelimitMs);
        }
        routeLocalnetDevices = routeLocalnetDevices == null ? Set.of() : Set.copyOf(routeLocalnetDevices);
    }

    /** No interface sets route_localnet by itself; conntrack checks checksums (the kernel's default). */
    public Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables) {
        this(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, Set.of(), true, ICMP_RATELIMIT_MS, ICMP_RATEMASK);
    }

    /** The same with {@code nf_conntrack_checksum} changed. */
    public Sysctls withConntrackChecksum(boolean on) {
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, routeLocalnetDevices, on,
                icmpRatelimitMs, icmpRatemask);
    }

    /** The same with {@code net.ipv4.icmp_ratelimit} and {@code net.ipv4.icmp_ratemask} changed. */
    public Sysctls withIcmpLimits(int ratelimitMs, int ratemask) {
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, routeLocalnetDevices,
                conntrackChecksum, ratelimitMs, ratemask);
    }

    /** The same with {@code net.ipv4.conf.DEVICE.route_localnet=1} too (dockerd's, for the userland proxy off). */
    public Sysctls withRouteLocalnet(String device) {
        Set<String> devices = new java.util.HashSet<>(routeLocalnetDevices);
        devices.add(device);
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, devices, conntrackChecksum,
                icmpRatelimitMs, icmpRatemask);
    }

    /** route_localnet as the kernel reads it for {@code device}: {@code all} OR the device's own (IN_DEV_ORCONF). */
    public boolean routeLocalnet(String device) {
        return routeLocalnet || routeLocalnetDevices.contains(device);
    }
}
