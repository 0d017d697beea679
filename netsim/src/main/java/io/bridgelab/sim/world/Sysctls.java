package io.bridgelab.sim.world;

import java.util.HashMap;
import java.util.Map;

/**
 * The sysctls of one namespace that change a packet's way: the namespace-wide ones, and {@code net.ipv4.conf.DEV.*}
 * for {@code all} and each interface ({@link ConfSysctls}), combined per setting as the kernel combines them.
 *
 * @param ipForward            {@code net.ipv4.ip_forward}: route packets not addressed to this node; an interface
 *                             without a {@code forwarding} of its own follows it (writing ip_forward sets them all)
 * @param bridgeNfCallIptables {@code net.bridge.bridge-nf-call-iptables}: bridged IPv4 traverses iptables
 * @param conntrackChecksum    {@code net.netfilter.nf_conntrack_checksum} (1 by default): conntrack checks
 *                             TCP/UDP/ICMP checksums in PREROUTING and finds a bad one INVALID
 * @param icmpRatelimitMs      {@code net.ipv4.icmp_ratelimit} (1000 by default): the ms of tokens icmp_send spends
 *                             per error to one address, of a bucket of 6 times that; 0 turns the limit off
 * @param icmpRatemask         {@code net.ipv4.icmp_ratemask} (6168 by default): bit N set, ICMP type N is limited
 * @param ipfragTimeSeconds    {@code net.ipv4.ipfrag_time} (30 by default): how long a datagram's fragments wait
 *                             for the rest before their queue is dropped
 * @param conf                 {@code net.ipv4.conf.DEV.*} by DEV: {@value #ALL} and interface names ({@code default}
 *                             is left out: it only seeds interfaces made later)
 */
public record Sysctls(boolean ipForward, boolean bridgeNfCallIptables, boolean conntrackChecksum, int icmpRatelimitMs,
                      int icmpRatemask, int ipfragTimeSeconds, Map<String, ConfSysctls> conf) {
    /** The key of {@code net.ipv4.conf.all}. */
    public static final String ALL = "all";
    /** The kernel's {@code net.ipv4.icmp_ratelimit}: 1000 ms. */
    public static final int ICMP_RATELIMIT_MS = 1000;
    /** The kernel's {@code net.ipv4.icmp_ratemask}: destination unreachable, source quench, time exceeded, parameter problem. */
    public static final int ICMP_RATEMASK = 6168;
    /** The kernel's {@code net.ipv4.ipfrag_time}: 30 s. */
    public static final int IPFRAG_TIME_SECONDS = 30;

    /** A fresh namespace: nothing forwarded, and br_netfilter's default (on once the module is loaded). */
    public static final Sysctls DEFAULTS = new Sysctls(false, true);
    /** A Docker host: dockerd turns on ip_forward; br_netfilter is loaded with call-iptables on. */
    public static final Sysctls DOCKER_HOST = new Sysctls(true, true);

    public Sysctls {
        if (ipfragTimeSeconds < 1) {
            throw new IllegalArgumentException("ipfrag_time is 1 or more seconds: " + ipfragTimeSeconds);
        }
        if (icmpRatelimitMs < 0) {
            throw new IllegalArgumentException("icmp_ratelimit is 0 or more ms: " + icmpRatelimitMs);
        }
        conf = conf == null ? Map.of() : Map.copyOf(conf);
    }

    /** Every other setting at the kernel's default, no {@code net.ipv4.conf} recorded. */
    public Sysctls(boolean ipForward, boolean bridgeNfCallIptables) {
        this(ipForward, bridgeNfCallIptables, true, ICMP_RATELIMIT_MS, ICMP_RATEMASK, IPFRAG_TIME_SECONDS, Map.of());
    }

    /** {@code net.ipv4.conf.DEV}'s settings as recorded ({@link ConfSysctls#UNSET} when none are). */
    public ConfSysctls conf(String dev) {
        return conf.getOrDefault(dev, ConfSysctls.UNSET);
    }

    /** The same with {@code nf_conntrack_checksum} changed. */
    public Sysctls withConntrackChecksum(boolean on) {
        return new Sysctls(ipForward, bridgeNfCallIptables, on, icmpRatelimitMs, icmpRatemask, ipfragTimeSeconds,
                conf);
    }

    /** The same with {@code net.ipv4.icmp_ratelimit} and {@code net.ipv4.icmp_ratemask} changed. */
    public Sysctls withIcmpLimits(int ratelimitMs, int ratemask) {
        return new Sysctls(ipForward, bridgeNfCallIptables, conntrackChecksum, ratelimitMs, ratemask,
                ipfragTimeSeconds, conf);
    }

    /** The same with {@code net.ipv4.conf.DEV}'s settings replaced by {@code settings}. */
    public Sysctls withConf(String dev, ConfSysctls settings) {
        Map<String, ConfSysctls> changed = new HashMap<>(conf);
        changed.put(dev, settings);
        return new Sysctls(ipForward, bridgeNfCallIptables, conntrackChecksum, icmpRatelimitMs, icmpRatemask,
                ipfragTimeSeconds, changed);
    }

    /** The same with {@code net.ipv4.conf.DEVICE.route_localnet=1} (dockerd's, for the userland proxy off). */
    public Sysctls withRouteLocalnet(String device) {
        return withConf(device, conf(device).withRouteLocalnet(true));
    }

    /** rp_filter as the kernel applies it to what arrives on {@code device}: the larger of all's and its own. */
    public int rpFilter(String device) {
        return Math.max(orZero(conf(ALL).rpFilter()), orZero(conf(device).rpFilter()));
    }

    /** arp_ignore as the kernel applies it to a request that came in on {@code device}: the larger of all's and its own. */
    public int arpIgnore(String device) {
        return Math.max(orZero(conf(ALL).arpIgnore()), orZero(conf(device).arpIgnore()));
    }

    /** Whether {@code device} sends ICMP redirects: {@code all}'s OR its own (IN_DEV_TX_REDIRECTS), each 1 by default. */
    public boolean sendRedirects(String device) {
        return !Boolean.FALSE.equals(conf(ALL).sendRedirects()) || !Boolean.FALSE.equals(conf(device).sendRedirects());
    }

    /** Whether what arrives on {@code device} may be forwarded (IN_DEV_FORWARD: the device's own setting). */
    public boolean forwarding(String device) {
        Boolean own = conf(device).forwarding();
        return own != null ? own : ipForward;
    }

    /** route_localnet as the kernel reads it for {@code device}: {@code all} OR the device's own (IN_DEV_ORCONF). */
    public boolean routeLocalnet(String device) {
        return Boolean.TRUE.equals(conf(ALL).routeLocalnet()) || Boolean.TRUE.equals(conf(device).routeLocalnet());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
