package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.RoutingRule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's routing tables, with the routes the kernel adds by itself for the addresses (see {@link #of}) and the
 * node's own, and its policy routing rules. Lookup walks the rules by priority (fib_rules_lookup): a matching rule
 * looks its table up by longest prefix, and a table without a route for the destination, or with a {@code throw}
 * route, passes the lookup on to the next rule. With a fresh namespace's rules that is the local table, then main.
 */
public final class RoutingTable {
    // Every route by its table: local first, then main (both always there, as in the kernel), then the others in the
    // order their first route came.
    private final Map<RouteTable, List<Route>> byTable;
    private final List<RoutingRule> rules;
    // The same routes as flat arrays: every packet looks routes up several times (the routing decision,
    // rp_filter, the martian check), and comparing ints in a row costs a fraction of following each
    // route to its Cidr and address objects.
    private final Prefixes localPrefixes;
    private final Prefixes mainPrefixes;
    private final Map<RouteTable, Prefixes> tables = new HashMap<>();
    // A fresh namespace's rules, and nothing in the default table: local, then main, as before policy routing.
    private final boolean plain;

    private RoutingTable(List<Route> local, List<Route> routes, List<RoutingRule> rules) {
        Map<RouteTable, List<Route>> grouped = new LinkedHashMap<>();
        grouped.put(RouteTable.LOCAL, new ArrayList<>(local));
        grouped.put(RouteTable.MAIN, new ArrayList<>());
        for (Route r : routes) {
            grouped.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
        }
        Map<RouteTable, List<Route>> frozen = new LinkedHashMap<>();
        grouped.forEach((t, list) -> frozen.put(t, List.copyOf(list)));
        this.byTable = Collections.unmodifiableMap(frozen);
        this.rules = List.copyOf(rules);
        this.localPrefixes = new Prefixes(local());
        this.mainPrefixes = new Prefixes(main());
        byTable.forEach((t, list) -> tables.put(t, t.equals(RouteTable.LOCAL) ? localPrefixes
                : t.equals(RouteTable.MAIN) ? mainPrefixes : new Prefixes(list)));
        this.plain = rules.equals(RoutingRule.DEFAULTS) && !tables.containsKey(RouteTable.DEFAULT);
    }

    /**
     * Where a lookup ended: on a route ({@code route}; of a failing type too: unreachable, prohibit, blackhole), on a
     * rule whose action ends it ({@code rule} with {@code route} null: blackhole, unreachable, prohibit), or on
     * neither (no route: ENETUNREACH; {@code route} is then the {@code throw} route that passed it on, if one did).
     * {@code rule} is the rule that found the route, null with a fresh namespace's rules.
     */
    public record Lookup(Route route, RoutingRule rule) {
        /** How {@link #failedText} starts for a rule whose action ended the lookup: the drop explainer looks for it. */
        public static final String RULE_ENDS = "the routing rule '";
        private static final Lookup NONE = new Lookup(null, null);

        /** Whether a route to send by was found. */
        public boolean found() {
            return route != null && !route.type().fails();
        }

        /**
         * The failing route type the lookup ended with, as ip_error and the sender's errno see it: the route's, or
         * the rule action's; {@code THROW} (ENETUNREACH, ICMP net unreachable) when nothing matched; null when found.
         */
        public RouteType failure() {
            if (found()) {
                return null;
            }
            if (route != null) {
                return route.type();
            }
            return rule != null ? rule.action().failsAs() : RouteType.THROW;
        }

        /** How a trace says why the lookup for {@code to} failed (the errno follows it). */
        public String failedText(Ipv4Address to) {
            if (route == null && rule != null) {
                return RULE_ENDS + rule.priority() + ": " + rule.selectorAndAction() + "' ends the lookup for " + to;
            }
            return route == null ? "no route to " + to : route.failedLookup(to);
        }
    }

    /**
     * One table's routes as parallel arrays of network, mask, prefix length and metric; immutable after
     * construction, like the table.
     */
    private static final class Prefixes {
        private final Route[] routes;
        private final int[] networks;
        private final int[] masks;
        private final int[] lengths;
        private final int[] metrics;
        private final Lookup[] lookups;

        Prefixes(List<Route> list) {
            int n = list.size();
            routes = list.toArray(Route[]::new);
            networks = new int[n];
            masks = new int[n];
            lengths = new int[n];
            metrics = new int[n];
            lookups = new Lookup[n];
            for (int i = 0; i < n; i++) {
                Cidr c = routes[i].destination();
                networks[i] = c.network().bits();
                masks[i] = c.mask();
                lengths[i] = c.prefixLength();
                metrics[i] = routes[i].metric();
                lookups[i] = new Lookup(routes[i], null);
            }
        }

        /** Longest prefix, then lowest metric, then first in the table: as {@link Cidr#contains} row by row. */
        Route longestPrefix(Ipv4Address destination) {
            return longestPrefix(destination.bits());
        }

        Route longestPrefix(int bits) {
            int best = longestPrefixIndex(bits);
            return best < 0 ? null : routes[best];
        }

        /** The same route's lookup result with a fresh namespace's rules, made once: no object per lookup. */
        Lookup plainLookup(int bits) {
            int best = longestPrefixIndex(bits);
            return best < 0 ? null : lookups[best];
        }

        private int longestPrefixIndex(int bits) {
            int best = -1;
            for (int i = 0; i < networks.length; i++) {
                if ((bits & masks[i]) == networks[i]
                        && (best < 0 || lengths[i] > lengths[best]
                        || lengths[i] == lengths[best] && metrics[i] < metrics[best])) {
                    best = i;
                }
            }
            return best;
        }
    }

    /**
     * Builds the tables a namespace with these interfaces and routes has. The kernel's routes for an
     * address are fib_add_ifaddr's (Linux 6.x): a {@code local} route for the address; for a primary
     * address, also the connected route of its subnet (none for a /32, whose prefix is the address itself)
     * and the subnet's broadcast route (below /31). A secondary address (in a subnet, same prefix length,
     * an earlier address of the interface already has) gets only its {@code local} route. Every route
     * made for an address has the primary's address as {@code src}, so a connection leaving by that
     * subnet, or to the secondary itself, starts from the primary ({@code ip route get}). An interface that is
     * down keeps only the {@code local} routes (fib_add_ifaddr returns after them for a device that is not up, and
     * the device going down leaves them: measured on Linux 6.18).
     */
    public static RoutingTable of(Node node) {
        List<Route> local = new ArrayList<>();
        List<Route> main = new ArrayList<>();
        for (NetInterface i : node.interfaces()) {
            List<InterfaceAddress> primaries = new ArrayList<>();
            for (InterfaceAddress a : i.addresses()) {
                Cidr subnet = a.subnet();
                InterfaceAddress primary = primaries.stream().filter(p -> p.subnet().equals(subnet)).findFirst()
                        .orElse(null);
                Ipv4Address src = primary != null ? primary.address() : a.address();
                local.add(kernel(RouteTable.LOCAL, RouteType.LOCAL, Cidr.host(a.address()), i, src));
                if (primary != null) {
                    continue;
                }
                primaries.add(a);
                if (a.prefixLength() == 32 || node.isDown(i.name())) {
                    continue;
                }
                if (i instanceof Loopback) {
                    // On lo the subnet's route is a local one (in the local table): 127.0.0.1/8 makes all of
                    // 127/8 local, not just the address.
                    local.add(kernel(RouteTable.LOCAL, RouteType.LOCAL, subnet, i, src));
                } else {
                    main.add(Route.connected(subnet, i.name(), src));
                }
                if (a.prefixLength() < 31) {
                    local.add(kernel(RouteTable.LOCAL, RouteType.BROADCAST, Cidr.host(subnet.broadcast()), i, src));
                }
            }
        }
        main.addAll(node.routes());
        return new RoutingTable(local, main, node.rules());
    }

    private static Route kernel(RouteTable table, RouteType type, Cidr destination, NetInterface i,
                                Ipv4Address src) {
        return new Route(table, type, destination, null, i.name(), src, 0, Route.Protocol.KERNEL);
    }

    /**
     * The route for {@code destination} of a packet the node sends itself, before its source is chosen: null when
     * the lookup fails, because no route matches or because it ends on a route or rule that fails it (unreachable,
     * prohibit, blackhole: see {@link #match}).
     */
    public Route lookup(Ipv4Address destination) {
        Lookup l = match(destination);
        return l.found() ? l.route() : null;
    }

    /**
     * The MTU of the way to {@code destination} as the node's own output lookup finds it (ip route get): the route's
     * mtu metric, else its device's MTU; 0 without a route. TCP's MSS and TCPMSS's clamp are made of it.
     */
    public int mtuTo(Ipv4Address destination, io.bridgelab.sim.world.Node node) {
        Route r = lookup(destination);
        if (r == null || r.device() == null) {
            return 0;
        }
        io.bridgelab.sim.world.NetInterface out = node.iface(r.device());
        return out == null ? 0 : r.mtuVia(out);
    }

    /**
     * The lookup for a packet the node sends itself ({@code iif lo}, mark 0), before its source is chosen ({@code
     * from} rules other than {@code from all} do not match it, as in the kernel's first lookup for a socket that is
     * not bound to an address).
     */
    public Lookup match(Ipv4Address destination) {
        return route(destination, null, LOOPBACK, 0);
    }

    /** The same for a packet the node sends from {@code source} (the kernel's lookup once the source is known). */
    public Lookup match(Ipv4Address destination, Ipv4Address source) {
        return route(destination, source, LOOPBACK, 0);
    }

    /**
     * ip_route_input's lookup (fib_lookup) for a packet from {@code source} to {@code destination} that came in on
     * {@code iif} with the mark {@code mark} (after PREROUTING, whose mangle table may have set it).
     */
    public Lookup input(Ipv4Address destination, Ipv4Address source, String iif, int mark) {
        return route(destination, source, iif, mark);
    }

    /**
     * fib_validate_source's lookup of the way back to {@code source} for a packet to {@code destination}: the
     * addresses swapped, as from the node itself ({@code iif lo}), mark 0 (src_valid_mark off, the default); the
     * route, or null when the lookup fails.
     */
    public Route reverse(Ipv4Address source, Ipv4Address destination) {
        Lookup l = route(source, destination, LOOPBACK, 0);
        return l.found() ? l.route() : null;
    }

    /** The interface name a rule's {@code iif} has to be to match what the node sends itself. */
    private static final String LOOPBACK = "lo";

    private Lookup route(Ipv4Address destination, Ipv4Address source, String iif, int mark) {
        int bits = destination.bits();
        if (plain) {
            Lookup l = localPrefixes.plainLookup(bits);
            if (l == null) {
                l = mainPrefixes.plainLookup(bits);
            }
            return l == null ? Lookup.NONE : l;
        }
        Integer from = source == null ? null : source.bits();
        long fwmark = mark & 0xffff_ffffL;
        Route thrown = null;
        for (RoutingRule rule : rules) {
            if (!rule.matches(bits, from, iif, null, fwmark)) {
                continue;
            }
            if (rule.action() != RoutingRule.Action.LOOKUP) {
                return new Lookup(null, rule);
            }
            Prefixes table = tables.get(rule.table());
            Route r = table == null ? null : table.longestPrefix(bits);
            if (r == null) {
                continue;
            }
            if (r.type() == RouteType.THROW) {
                thrown = r; // fib_table_lookup's EAGAIN: the next rule
                continue;
            }
            if (!r.type().fails() && r.destination().prefixLength() <= rule.suppressPrefixLength()) {
                continue; // fib4_rule_suppress: a route this general is not taken from this rule
            }
            return new Lookup(r, rule);
        }
        return thrown == null ? Lookup.NONE : new Lookup(thrown, null);
    }

    /** The local table's route for {@code address} (local or broadcast), or null. */
    public Route lookupLocal(Ipv4Address address) {
        return localPrefixes.longestPrefix(address);
    }

    /** Whether {@code address} is a local address here ({@code -m addrtype --dst-type LOCAL}). */
    public boolean isLocal(Ipv4Address address) {
        Route r = localPrefixes.longestPrefix(address);
        return r != null && r.type() == RouteType.LOCAL;
    }

    public List<Route> local() {
        return byTable.get(RouteTable.LOCAL);
    }

    public List<Route> main() {
        return byTable.get(RouteTable.MAIN);
    }

    /**
     * Every table the kernel would have, with its routes: local and main (the connected routes first), then the
     * tables routes were added to. A table no route names does not exist ({@code ip route show table N} fails).
     */
    public Map<RouteTable, List<Route>> byTable() {
        return byTable;
    }

    /** The policy routing rules, in priority order. */
    public List<RoutingRule> rules() {
        return rules;
    }
}
