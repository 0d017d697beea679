package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * One route of the local or main table.
 *
 * @param gateway         the next hop, or null for a directly connected destination
 * @param preferredSource the {@code src} the kernel puts on locally generated packets, or null
 */
public record Route(RouteTable table, RouteType type, Cidr destination, Ipv4Address gateway, String device,
                    Ipv4Address preferredSource, int metric) {
    public Route {
        if (table == null || type == null || destination == null || device == null) {
            throw new IllegalArgumentException("a route needs a table, a type, a destination and a device");
        }
    }

    /** {@code ip route add default via GW dev DEV}. */
    public static Route defaultVia(Ipv4Address gateway, String device) {
        return new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.ANY, gateway, device, null, 0);
    }

    /** {@code DEST dev DEV proto kernel scope link src SRC}, as the kernel adds for each address. */
    public static Route connected(Cidr destination, String device, Ipv4Address source) {
        return new Route(RouteTable.MAIN, RouteType.UNICAST, destination, null, device, source, 0);
    }

    /** As {@code ip route} prints it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (type != RouteType.UNICAST) {
            sb.append(type.text()).append(' ');
        }
        sb.append(destination.prefixLength() == 0 && type == RouteType.UNICAST ? "default"
                : destination.prefixLength() == 32 ? destination.network().toString() : destination.toString());
        if (gateway != null) {
            sb.append(" via ").append(gateway);
        }
        sb.append(" dev ").append(device);
        if (preferredSource != null) {
            sb.append(" src ").append(preferredSource);
        }
        if (table == RouteTable.LOCAL) {
            sb.append(" table local");
        }
        return sb.toString();
    }
}
