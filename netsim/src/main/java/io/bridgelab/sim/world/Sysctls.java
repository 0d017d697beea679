package io.bridgelab.sim.world;

/**
 * The sysctls of one namespace that change a packet's way.
 *
 * @param ipForward             {@code net.ipv4.ip_forward}: route packets not addressed to this node
 * @param routeLocalnet         {@code net.ipv4.conf.all.route_localnet}: accept 127/8 from other interfaces
 * @param rpFilter              {@code net.ipv4.conf.all.rp_filter}: 0 off, 1 strict, 2 loose
 * @param bridgeNfCallIptables  {@code net.bridge.bridge-nf-call-iptables}: bridged IPv4 traverses iptables
 */
public record Sysctls(boolean ipForward, boolean routeLocalnet, int rpFilter, boolean bridgeNfCallIptables) {
    /** A fresh namespace: nothing forwarded, and br_netfilter's default (on once the module is loaded). */
    public static final Sysctls DEFAULTS = new Sysctls(false, false, 0, true);
    /** A Docker host: dockerd turns on ip_forward; br_netfilter is loaded with call-iptables on. */
    public static final Sysctls DOCKER_HOST = new Sysctls(true, false, 0, true);

    public Sysctls {
        if (rpFilter < 0 || rpFilter > 2) {
            throw new IllegalArgumentException("rp_filter is 0, 1 or 2: " + rpFilter);
        }
    }
}
