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
 */
public record Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables,
                      Set<String> routeLocalnetDevices, boolean conntrackChecksum) {
    /** A fresh namespace: nothing forwarded, and br_netfilter's default (on once the module is loaded). */
    public static final Sysctls DEFAULTS = new Sysctls(false, false, 0, true);
    /** A Docker host: dockerd turns on ip_forward; br_netfilter is loaded with call-iptables on. */
    public static final Sysctls DOCKER_HOST = new Sysctls(true, false, 0, true);

    public Sysctls {
        if (rpFilter < 0 || rpFilter > 2) {
            throw new IllegalArgumentException("rp_filter is 0, 1 or 2: " + rpFilter);
        }
        routeLocalnetDevices = routeLocalnetDevices == null ? Set.of() : Set.copyOf(routeLocalnetDevices);
    }

    /** No interface sets route_localnet by itself; conntrack checks checksums (the kernel's default). */
    public Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables) {
        this(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, Set.of(), true);
    }

    /** The same with {@code nf_conntrack_checksum} changed. */
    public Sysctls withConntrackChecksum(boolean on) {
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, routeLocalnetDevices, on);
    }

    /** The same with {@code net.ipv4.conf.DEVICE.route_localnet=1} too (dockerd's, for the userland proxy off). */
    public Sysctls withRouteLocalnet(String device) {
        Set<String> devices = new java.util.HashSet<>(routeLocalnetDevices);
        devices.add(device);
        return new Sysctls(ipForward, routeLocalnet, rpFilter, bridgeNfCallIptables, devices, conntrackChecksum);
    }

    /** route_localnet as the kernel reads it for {@code device}: {@code all} OR the device's own (IN_DEV_ORCONF). */
    public boolean routeLocalnet(String device) {
        return routeLocalnet || routeLocalnetDevices.contains(device);
    }
}
