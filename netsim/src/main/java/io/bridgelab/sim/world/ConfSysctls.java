package io.bridgelab.sim.world;

/**
 * The {@code net.ipv4.conf.DEV.*} settings that change a packet's way, for {@code DEV} = {@code all} or one
 * interface, as recorded or written: null where nothing was, and the kernel's default applies. How the kernel
 * combines {@code all}'s value with an interface's differs per setting; {@link Sysctls} applies each rule.
 *
 * @param rpFilter       {@code rp_filter}: 0 off, 1 strict, 2 loose
 * @param forwarding     {@code forwarding}: what arrives on the interface may be forwarded (IN_DEV_FORWARD)
 * @param arpIgnore      {@code arp_ignore}: 0 answers an ARP request for any local address, 1 only for an address
 *                       of the interface it came in by, 2 also only from a sender in that address's subnet, 3 not for a host-scope address, 8 never (the kernel
 *                       takes other values, and answers as with 0)
 * @param sendRedirects  {@code send_redirects}: the interface sends ICMP redirects
 * @param routeLocalnet  {@code route_localnet}: 127/8 is accepted from, and routed out of, the interface
 */
public record ConfSysctls(Integer rpFilter, Boolean forwarding, Integer arpIgnore, Boolean sendRedirects,
                          Boolean routeLocalnet) {
    /** Nothing recorded: every setting at the kernel's default. */
    public static final ConfSysctls UNSET = new ConfSysctls(null, null, null, null, null);

    public ConfSysctls {
        if (rpFilter != null && (rpFilter < 0 || rpFilter > 2)) {
            throw new IllegalArgumentException("rp_filter is 0, 1 or 2: " + rpFilter);
        }
    }

    public ConfSysctls withRpFilter(int value) {
        return new ConfSysctls(value, forwarding, arpIgnore, sendRedirects, routeLocalnet);
    }

    public ConfSysctls withForwarding(boolean value) {
        return new ConfSysctls(rpFilter, value, arpIgnore, sendRedirects, routeLocalnet);
    }

    public ConfSysctls withArpIgnore(int value) {
        return new ConfSysctls(rpFilter, forwarding, value, sendRedirects, routeLocalnet);
    }

    public ConfSysctls withSendRedirects(boolean value) {
        return new ConfSysctls(rpFilter, forwarding, arpIgnore, value, routeLocalnet);
    }

    public ConfSysctls withRouteLocalnet(boolean value) {
        return new ConfSysctls(rpFilter, forwarding, arpIgnore, sendRedirects, value);
    }
}
