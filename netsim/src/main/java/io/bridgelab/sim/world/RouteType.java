package io.bridgelab.sim.world;

import java.util.Locale;

/**
 * Route types as {@code ip route} prints them. The last four are routes whose lookup fails (the kernel's
 * {@code fib_props[type].error}): a packet routed by one is not sent; a forwarded one goes to ip_error, which
 * answers it as {@link #forwardedAnswer} says.
 */
public enum RouteType {
    UNICAST, LOCAL, BROADCAST,
    /** {@code ip route add unreachable PREFIX}: EHOSTUNREACH; ip_error answers ICMP host unreachable. */
    UNREACHABLE,
    /** {@code ip route add prohibit PREFIX}: EACCES; ip_error answers ICMP communication administratively prohibited. */
    PROHIBIT,
    /** {@code ip route add blackhole PREFIX}: EINVAL; ip_error drops the packet without an answer. */
    BLACKHOLE,
    /**
     * {@code ip route add throw PREFIX}: ends the lookup in this table (EAGAIN); with no other table behind the
     * main one, as if there were no route (ENETUNREACH, ICMP net unreachable).
     */
    THROW;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type {@code ip route} / {@code ip -j route} names {@code text}, or null when it is not one of these. */
    public static RouteType ofText(String text) {
        for (RouteType t : values()) {
            if (t.text().equals(text)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type named {@code text} when a route of the main table a user added may have it (unicast or one whose lookup
     * fails), else null: local and broadcast routes are the kernel's own, made for the addresses.
     */
    public static RouteType ofMainTableText(String text) {
        RouteType t = ofText(text);
        return t == LOCAL || t == BROADCAST ? null : t;
    }

    /** Whether a lookup that ends on a route of this type fails (no device, no gateway: nothing is sent by it). */
    public boolean fails() {
        return ordinal() >= UNREACHABLE.ordinal();
    }

    /** The error a program sending by such a route gets (errno and strerror), as {@code ip route get} prints it. */
    public String error() {
        return switch (this) {
            case UNREACHABLE -> "EHOSTUNREACH, No route to host";
            case PROHIBIT -> "EACCES, Permission denied";
            case BLACKHOLE -> "EINVAL, Invalid argument";
            case THROW -> "ENETUNREACH, Network is unreachable";
            default -> throw new IllegalStateException(this + " routes do not fail");
        };
    }

    /**
     * The ICMP destination unreachable code ip_error answers a forwarded packet with when its lookup ends on such a
     * route (net unreachable 0, host unreachable 1, packet filtered 13), or -1 for none (blackhole).
     */
    public int forwardedAnswer() {
        return switch (this) {
            case UNREACHABLE -> 1;
            case PROHIBIT -> 13;
            case BLACKHOLE -> -1;
            case THROW -> 0;
            default -> throw new IllegalStateException(this + " routes do not fail");
        };
    }
}
