package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * One route of the local or main table.
 *
 * @param device          the interface it leaves by; null exactly for a type whose lookup fails
 *                        ({@link RouteType#fails()}: unreachable, prohibit, blackhole, throw), which has none
 * @param gateway         the next hop, or null for a directly connected destination
 * @param preferredSource the {@code src} the kernel puts on locally generated packets, or null
 * @param protocol        who added it: the kernel for an address, or a user ({@code ip route add})
 * @param mtu             the route's {@code mtu} metric ({@code ip route add ... mtu 1300}), which packets sent or
 *                        forwarded by it are held to instead of the device's; 0 for none
 */
public record Route(RouteTable table, RouteType type, Cidr destination, Ipv4Address gateway, String device,
                    Ipv4Address preferredSource, int metric, Protocol protocol, int mtu) {

    /**
     * Who added the route, by iproute2's name for it ({@code /etc/iproute2/rt_protos}: kernel, boot, static, dhcp,
     * ...); {@code boot}, what {@code ip route add} gives, is not printed, the others are ({@code proto dhcp}).
     */
    public record Protocol(String name) {
        public static final Protocol BOOT = new Protocol("boot");
        public static final Protocol KERNEL = new Protocol("kernel");

        public Protocol {
            if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("not a route protocol name: '" + name + "'");
            }
        }
    }

    public Route {
        if (table == null || type == null || destination == null || protocol == null) {
            throw new IllegalArgumentException("a route needs a table, a type, a destination and a protocol");
        }
        if (type.fails() && (device != null || gateway != null)) {
            // The kernel's fib_create_info refuses them too: "Gateway, device and multipath can not be specified
            // for this route type".
            throw new IllegalArgumentException("a " + type.text() + " route has no device and no gateway");
        }
        if (!type.fails() && device == null) {
            throw new IllegalArgumentException("a " + type.text() + " route needs a device");
        }
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw new IllegalArgumentException("a route's mtu is 68-65535: " + mtu);
        }
    }

    /** A route without an {@code mtu} metric. */
    public Route(RouteTable table, RouteType type, Cidr destination, Ipv4Address gateway, String device,
                 Ipv4Address preferredSource, int metric, Protocol protocol) {
        this(table, type, destination, gateway, device, preferredSource, metric, protocol, 0);
    }

    /**
     * The MTU a packet sent or forwarded by this route out of {@code out} is held to (ip_dst_mtu_maybe_forward,
     * dst_mtu): the route's {@code mtu} metric when it has one, else the device's.
     */
    public int mtuVia(NetInterface out) {
        return mtu != 0 ? mtu : out.mtu();
    }

    /** How a trace names {@link #mtuVia}: {@code eth0's MTU 1400}, or {@code the route's mtu 1300}. */
    public String mtuTextVia(NetInterface out) {
        return mtu != 0 ? "the route's mtu " + mtu + " (" + out.name() + "'s is " + out.mtu() + ")"
                : out.name() + "'s MTU " + out.mtu();
    }

    /** What {@link #failedLookup} puts after the route: the trace's drop explanation looks for it. */
    public static final String LOOKUP_FAILS = "', whose lookup fails";

    /** How a trace says a lookup for {@code to} ended on this route, of a type whose lookup fails. */
    public String failedLookup(Ipv4Address to) {
        return "the route to " + to + " is '" + this + LOOKUP_FAILS;
    }

    /**
     * {@code ip route add TYPE DEST [src SRC] [metric N]} for a type whose lookup fails (unreachable, prohibit, ...);
     * the kernel keeps a {@code src} (it is printed) though nothing leaves by the route.
     */
    public static Route failing(RouteType type, Cidr destination, Ipv4Address preferredSource, int metric,
                                Protocol protocol) {
        return new Route(RouteTable.MAIN, type, destination, null, null, preferredSource, metric, protocol);
    }

    /** A route as {@code ip route add} makes it ({@code proto boot}). */
    public Route(RouteTable table, RouteType type, Cidr destination, Ipv4Address gateway, String device,
                 Ipv4Address preferredSource, int metric) {
        this(table, type, destination, gateway, device, preferredSource, metric, Protocol.BOOT);
    }

    /** {@code ip route add default via GW dev DEV}. */
    public static Route defaultVia(Ipv4Address gateway, String device) {
        return new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.ANY, gateway, device, null, 0);
    }

    /** {@code DEST dev DEV proto kernel scope link src SRC}, as the kernel adds for each primary address. */
    public static Route connected(Cidr destination, String device, Ipv4Address source) {
        return new Route(RouteTable.MAIN, RouteType.UNICAST, destination, null, device, source, 0, Protocol.KERNEL);
    }

    /**
     * The scope iproute2 prints: {@code host} for a local route, {@code link} for a broadcast route and for a
     * unicast route without a gateway ({@code ip route add} picks it, as the kernel does for an address's
     * routes), none (universe) for a route via a gateway and for the types whose lookup fails.
     */
    private String scope() {
        return switch (type) {
            case LOCAL -> "host";
            case BROADCAST -> "link";
            case UNICAST -> gateway == null ? "link" : null;
            case UNREACHABLE, PROHIBIT, BLACKHOLE, THROW -> null;
        };
    }

    /** As {@code ip route show table all} prints it (iproute2's print_route, without the trailing blank). */
    @Override
    public String toString() {
        return text(true);
    }

    /**
     * As {@code ip route} prints it: naming its table ({@code table 100}; main never) when {@code withTable}, as when
     * listing all tables, and not when listing the one table.
     */
    public String text(boolean withTable) {
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.text()).append(' ');
        }
        sb.append(destination.prefixLength() == 0 ? "default"
                : destination.prefixLength() == 32 ? destination.network().toString() : destination.toString());
        if (gateway != null) {
            sb.append(" via ").append(gateway);
        }
        if (device != null) {
            sb.append(" dev ").append(device);
        }
        if (withTable && !table.equals(RouteTable.MAIN)) {
            sb.append(" table ").append(table.text());
        }
        if (!protocol.equals(Protocol.BOOT)) {
            sb.append(" proto ").append(protocol.name());
        }
        String scope = scope();
        if (scope != null) {
            sb.append(" scope ").append(scope);
        }
        if (preferredSource != null) {
            sb.append(" src ").append(preferredSource);
        }
        if (metric != 0) {
            sb.append(" metric ").append(metric);
        }
        if (mtu != 0) {
            sb.append(" mtu ").append(mtu);
        }
        return sb.toString();
    }
}
