package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A namespace's {@code routes:}, checked as {@code ip route add} checks each in turn after the addresses are
 * configured: what the kernel refuses is an error naming the kernel's message, never a route it would not have.
 */
final class Routes {
    /** Linux's metrics are u32; {@link Route#metric()} is an int compared as signed, so it holds this much. */
    static final long MAX_METRIC = Integer.MAX_VALUE;

    private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");

    /**
     * A route the kernel finds a gateway through: the connected route of an address, or an earlier route of
     * the file without {@code via} (both scope link; a route with a gateway is scope universe, which the
     * kernel's gateway lookup skips).
     *
     * @param line the file line of the route, or 0 for a connected route
     * @param what how an error names it
     */
    private record Link(Cidr prefix, String dev, int metric, int line, String what, RouteTable table) {
    }

    private Routes() {
    }

    static List<Route> read(YamlNode.Mapping m, String node, List<InterfaceSpec> interfaces)
            throws ScenarioFileException {
        List<Link> links = connected(interfaces);
        List<Link> written = new ArrayList<>();
        List<Route> out = new ArrayList<>();
        for (YamlNode.Mapping r : m.mappings("routes")) {
            r.onlyKeys(Set.of("to", "type", "via", "dev", "src", "metric", "mtu", "table"));
            if (!r.has("to")) {
                throw ScenarioFileException.at(r, "missing required key 'to'");
            }
            Cidr to = destination(r.get("to"));
            RouteType type = type(r);
            int metric = metric(r);
            RouteTable table = table(r);
            Ipv4Address via = r.has("via") ? Values.ipv4(r.get("via")) : null;
            String dev = r.text("dev", null);
            if (type.fails() && (via != null || dev != null)) {
                throw ScenarioFileException.at(r.get(via != null ? "via" : "dev"), "a " + type.text() + " route has"
                        + " no gateway and no device (Linux: Gateway, device and multipath can not be specified for"
                        + " this route type)");
            }
            if (dev != null && !dev.equals("lo") && interfaces.stream().noneMatch(i -> i.name().equals(dev))) {
                throw ScenarioFileException.at(r.get("dev"), "no interface '" + dev + "' in namespace " + node);
            }
            if (!type.fails() && dev == null && via == null) {
                throw ScenarioFileException.at(r, "a route needs 'dev', 'via' or both");
            }
            if (type.fails() && r.has("mtu")) {
                throw ScenarioFileException.at(r.get("mtu"), "a " + type.text() + " route sends nothing: an mtu is for"
                        + " routes packets leave by");
            }
            int mtu = r.integer("mtu", 0, 68, 65535);
            String device = via == null ? dev : gatewayDevice(r, node, interfaces, links, via, dev);
            Ipv4Address src = r.has("src") ? Values.ipv4(r.get("src")) : null;
            if (src != null && !isLocal(interfaces, src)) {
                throw ScenarioFileException.at(r.get("src"), src + " is not an address of namespace " + node
                        + " (Linux: Invalid prefsrc address)");
            }
            for (Link l : table.equals(RouteTable.MAIN) ? links : List.<Link>of()) {
                if (l.prefix().equals(to) && l.metric() == metric) {
                    throw ScenarioFileException.at(r.get("to"), "a route to " + to + " with metric " + metric
                            + " is there already: " + l.what() + " (Linux: File exists)");
                }
            }
            for (Link l : written) {
                if (l.prefix().equals(to) && l.metric() == metric && l.table().equals(table)) {
                    throw ScenarioFileException.at(r.get("to"), "a route to " + to + " with metric " + metric
                            + " is written already" + (table.equals(RouteTable.MAIN) ? "" : " in table " + table)
                            + ", on line " + l.line() + " (Linux: File exists)");
                }
            }
            Link self = new Link(to, device, metric, r.where().line(), "the route on line " + r.where().line(), table);
            written.add(self);
            if (type.fails()) {
                // Scope universe, no device: never a gateway's way.
                out.add(new Route(table, type, to, null, null, src, metric, Route.Protocol.BOOT));
                continue;
            }
            if (via == null) {
                links.add(self);
            }
            out.add(new Route(table, RouteType.UNICAST, to, via, device, src, metric, Route.Protocol.BOOT, mtu));
        }
        return out;
    }

    /**
     * {@code table}: {@code main} (the default), {@code default} or a number; not {@code local}, where the kernel
     * keeps the routes it makes for the addresses.
     */
    static RouteTable table(YamlNode.Mapping r) throws ScenarioFileException {
        if (!r.has("table")) {
            return RouteTable.MAIN;
        }
        YamlNode.Scalar s = YamlNode.scalar(r.get("table"));
        RouteTable table = tableOf(s);
        if (table.equals(RouteTable.LOCAL)) {
            throw ScenarioFileException.at(s, "table local holds the routes the kernel makes for the addresses: write"
                    + " routes in main, default or a numbered table");
        }
        return table;
    }

    /** A table as iproute2 names it: {@code local}, {@code main}, {@code default} or a number. */
    static RouteTable tableOf(YamlNode.Scalar s) throws ScenarioFileException {
        try {
            return RouteTable.parse(s.text());
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(s, e.getMessage());
        }
    }

    /** {@code type}: unicast (the default), or one whose lookup fails: unreachable, prohibit, blackhole, throw. */
    private static RouteType type(YamlNode.Mapping r) throws ScenarioFileException {
        if (!r.has("type")) {
            return RouteType.UNICAST;
        }
        YamlNode.Scalar s = YamlNode.scalar(r.get("type"));
        RouteType type = RouteType.ofMainTableText(s.text());
        if (type == null) {
            throw ScenarioFileException.at(s, "route type '" + s.text() + "' is not one of unicast, unreachable,"
                    + " prohibit, blackhole, throw (the kernel makes the local and broadcast routes for the addresses)");
        }
        return type;
    }

    /**
     * The prefix routes the kernel adds for the addresses: none for a /32 (its prefix is the address itself)
     * nor in 0.0.0.0/8, one per prefix and interface (a second address in one prefix is a secondary).
     */
    private static List<Link> connected(List<InterfaceSpec> interfaces) {
        List<Link> out = new ArrayList<>();
        for (InterfaceSpec i : interfaces) {
            for (InterfaceAddress a : i.addresses()) {
                Cidr prefix = a.subnet();
                boolean known = out.stream().anyMatch(l -> l.prefix().equals(prefix) && l.dev().equals(i.name()));
                if (a.prefixLength() < 32 && (prefix.network().bits() >>> 24) != 0 && !known) {
                    out.add(new Link(prefix, i.name(), 0, 0, "the kernel's route for " + i.name() + "'s address "
                            + a, RouteTable.MAIN));
                }
            }
        }
        return out;
    }

    /** {@code default} or a prefix without host bits: the kernel refuses 10.6.0.1/16 rather than mask it. */
    private static Cidr destination(YamlNode n) throws ScenarioFileException {
        Cidr to = Values.cidr(n);
        String text = YamlNode.scalar(n).text();
        if (!text.equals("default")) {
            int slash = text.indexOf('/');
            Ipv4Address written = Ipv4Address.parse(slash < 0 ? text : text.substring(0, slash));
            if (!written.equals(to.network())) {
                throw ScenarioFileException.at(n, text + " has host bits set: did you mean " + to
                        + "? (Linux: Invalid prefix for given prefix length)");
            }
        }
        return to;
    }

    private static int metric(YamlNode.Mapping r) throws ScenarioFileException {
        if (!r.has("metric")) {
            return 0;
        }
        YamlNode.Scalar s = YamlNode.scalar(r.get("metric"));
        long v = YamlNode.wholeNumber(s);
        if (v < 0 || v > MAX_METRIC) {
            throw ScenarioFileException.at(s, "out of 0.." + MAX_METRIC + ": " + s.text() + (v > MAX_METRIC && v <= 0xffff_ffffL
                    ? " (Linux takes metrics up to 4294967295; netsim's routes hold up to " + MAX_METRIC + ")" : ""));
        }
        return (int) v;
    }

    /**
     * The device of a route with a gateway, found as the kernel finds it: a lookup of the gateway among the
     * scope-link routes (longest prefix, then lowest metric, then the first), restricted to {@code dev} when
     * given. A gateway that is the namespace's own or a broadcast address is refused as the kernel does.
     */
    private static String gatewayDevice(YamlNode.Mapping r, String node, List<InterfaceSpec> interfaces,
                                        List<Link> links, Ipv4Address via, String dev) throws ScenarioFileException {
        YamlNode at = r.get("via");
        if (isLocal(interfaces, via)) {
            throw ScenarioFileException.at(at, "gateway " + via + " is an address of namespace " + node
                    + " itself (Linux: Nexthop has invalid gateway)");
        }
        for (InterfaceSpec i : interfaces) {
            for (InterfaceAddress a : i.addresses()) {
                if (a.prefixLength() < 31 && a.subnet().broadcast().equals(via)) {
                    throw ScenarioFileException.at(at, "gateway " + via + " is the broadcast address of " + i.name()
                            + "'s " + a + " (Linux: Nexthop has invalid gateway)");
                }
            }
        }
        Link best = null;
        for (Link l : links) {
            if ((dev == null || l.dev().equals(dev)) && l.prefix().contains(via) && (best == null
                    || l.prefix().prefixLength() > best.prefix().prefixLength()
                    || l.prefix().prefixLength() == best.prefix().prefixLength() && l.metric() < best.metric())) {
                best = l;
            }
        }
        if (best == null) {
            throw ScenarioFileException.at(at, dev == null
                    ? "gateway " + via + " is on no subnet of namespace " + node + " (Linux: Nexthop has invalid gateway)"
                    : "gateway " + via + " is on no subnet of " + dev + " (Linux: Nexthop has invalid gateway)");
        }
        return best.dev();
    }

    /** An address of the namespace: one of its interfaces' or, as lo's 127.0.0.1/8 makes it, any of 127/8. */
    static boolean isLocal(List<InterfaceSpec> interfaces, Ipv4Address address) {
        return LOOPBACK.contains(address) || interfaces.stream().flatMap(i -> i.addresses().stream())
                .anyMatch(a -> a.address().equals(address));
    }
}
