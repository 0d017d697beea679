package io.bridgelab.sim.load.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.sim.load.TextFile;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.ConfSysctls;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NeighbourEntry;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.RoutingRule;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One namespace's folder of a snapshot: link.json, addr.json, route.json, neigh.json, sysctl.txt,
 * iptables-save-c.txt and (if present) iptables-legacy-save-c.txt or iptables-nft-save-c.txt ({@link Firewalls}),
 * ethtool-k.txt, rule.json, nft-chains.json and sockets.txt, as lib/snapshot.sh
 * (and {@code netsim snapshot}) write them, into a {@link Node}.
 * Veth peers come from the caller (veth-peers.json spans namespaces).
 */
final class NamespaceReader {
    private final Path dir;
    private final String name;

    NamespaceReader(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** @param peers this namespace's veth ends by interface name -> the far end */
    Node read(Map<String, Endpoint> peers) throws SnapshotException {
        Map<String, List<InterfaceAddress>> addresses = addresses();
        Set<String> down = new HashSet<>();
        List<NetInterface> interfaces = interfaces(addresses, peers, down);
        List<Route> routes = routes();
        List<RoutingRule> rules = rules();
        List<NeighbourEntry> neighbours = neighbours();
        Sysctls sysctls = sysctls();
        Firewalls.Loaded firewalls = Firewalls.read(dir);
        Ruleset ruleset = firewalls.ruleset();
        Set<String> checksumOffload = checksumOffload();
        List<ListeningSocket> sockets = DockerProxyTargets.relayed(SocketsFile.read(dir), ruleset);
        try {
            return new Node(name, interfaces, routes, neighbours, sysctls, ruleset, sockets, checksumOffload, rules,
                    down, firewalls.unsimulated());
        } catch (IllegalArgumentException e) {
            // The files disagree with each other (a route or neighbour on a device link.json does not have).
            throw new SnapshotException(dir.resolve("link.json"), null, "inconsistent with the other files of "
                    + dir.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** addr.json: the inet addresses of each interface, in the kernel's order (primary first). */
    private Map<String, List<InterfaceAddress>> addresses() throws SnapshotException {
        Path file = dir.resolve("addr.json");
        Map<String, List<InterfaceAddress>> out = new LinkedHashMap<>();
        JsonNode all = Json.array(file);
        for (int i = 0; i < all.size(); i++) {
            JsonNode link = all.get(i);
            String ifname = Json.text(file, link, "[" + i + "]", "ifname");
            List<InterfaceAddress> list = out.computeIfAbsent(ifname, k -> new ArrayList<>());
            JsonNode infos = link.path("addr_info");
            for (int j = 0; j < infos.size(); j++) {
                JsonNode a = infos.get(j);
                if (!"inet".equals(Json.optText(a, "family"))) {
                    continue; // IPv6 is not simulated (the fixtures turn it off)
                }
                String where = "[" + i + "].addr_info[" + j + "]";
                int prefix = Json.integer(file, a, where, "prefixlen");
                if (prefix < 0 || prefix > 32) {
                    throw new SnapshotException(file, where + ".prefixlen", "out of 0..32: " + prefix);
                }
                Ipv4Address broadcast = a.has("broadcast") ? Json.ipv4(file, a, where, "broadcast") : null;
                list.add(new InterfaceAddress(Json.ipv4(file, a, where, "local"), prefix, broadcast));
            }
        }
        return out;
    }

    /**
     * link.json: loopback, veth (with its bridge port and hairpin flag), bridge devices and NICs, and every other kind
     * as an {@link OtherLink}; the names of those that are down (no {@code UP} flag) are added to {@code down}.
     */
    private List<NetInterface> interfaces(Map<String, List<InterfaceAddress>> addresses, Map<String, Endpoint> peers,
                                          Set<String> down) throws SnapshotException {
        Path file = dir.resolve("link.json");
        JsonNode all = Json.array(file);
        List<NetInterface> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode l = all.get(i);
            String where = "[" + i + "]";
            String ifname = Json.text(file, l, where, "ifname");
            int ifindex = Json.integer(file, l, where, "ifindex");
            List<InterfaceAddress> addrs = addresses.getOrDefault(ifname, List.of());
            String linkType = Json.text(file, l, where, "link_type");
            JsonNode info = l.path("linkinfo");
            String kind = Json.optText(info, "info_kind");
            List<String> flags = flags(file, l, where);
            // ip -j always prints the flags; a hand-made file may leave them out for an interface that is up.
            boolean up = flags == null || flags.contains("UP");
            if (!up) {
                if ("bridge".equals(kind) || Json.optText(l, "master") != null) {
                    throw new SnapshotException(file, where + ".flags", ifname + " is down: a down "
                            + ("bridge".equals(kind) ? "bridge" : "bridge port") + " is not modelled (ip link set "
                            + ifname + " up)");
                }
                down.add(ifname);
            }
            if (linkType.equals("loopback")) {
                out.add(new Loopback(ifname, ifindex, addrs,
                        Json.optInteger(file, l, where, "mtu", Loopback.MTU, 68, 1 << 24)));
                continue;
            }
            // ip -j link always prints the MTU; a hand-made file may leave it out for the default.
            int mtu = Json.optInteger(file, l, where, "mtu", NetInterface.ETHERNET_MTU, 68, 65535);
            // ip -j prints no txqlen for a queue length of 0 (print_queuelen), as Docker's interfaces have.
            int txqlen = Json.optInteger(file, l, where, "txqlen", 0, 0, Integer.MAX_VALUE);
            // A device without a link layer (link/none, an IP tunnel's) has no MAC, or an IPv4 address in its place.
            boolean linkLayer = linkType.equals("ether");
            MacAddress mac = linkLayer ? Json.mac(file, l, where, "address") : null;
            if (("bridge".equals(kind) || "veth".equals(kind)) && !linkLayer) {
                throw new SnapshotException(file, where + ".link_type", ifname + ": a " + kind + " of link type "
                        + linkType + ", want ether");
            }
            if ("bridge".equals(kind)) {
                JsonNode data = info.path("info_data");
                // ip -j prints ageing_time in centiseconds (30000 = the default 300 s).
                int ageing = data.has("ageing_time") ? data.get("ageing_time").asInt() / 100
                        : Bridge.DEFAULT_AGEING_SECONDS;
                boolean nfCall = data.path("nf_call_iptables").asInt(0) == 1;
                out.add(new Bridge(ifname, ifindex, mac, addrs, nfCall, ageing, mtu, txqlen));
            } else if ("veth".equals(kind)) {
                Endpoint peer = peers.get(ifname);
                if (peer == null) {
                    throw new SnapshotException(dir.getParent().resolve("veth-peers.json"), name + ":" + ifname,
                            "this veth end is not listed, so its peer is unknown");
                }
                out.add(new Veth(ifname, ifindex, mac, addrs, port(file, l, where), peer, mtu, txqlen));
            } else if (kind == null && linkType.equals("ether")) {
                // A physical NIC (no linkinfo kind): cabled to a world the snapshot does not hold.
                out.add(new Wire(ifname, ifindex, mac, addrs, port(file, l, where), null, mtu, txqlen));
            } else {
                // tun, wireguard, vxlan, macvlan, ifb, an IP tunnel...: its addresses and routes count, what the
                // device does with a packet is not simulated.
                BridgePort port = port(file, l, where);
                if (port != null && !linkLayer) {
                    throw new SnapshotException(file, where + ".master", ifname + " (link/" + linkType + ") has no"
                            + " link layer, so it cannot be a port of bridge " + port.bridge());
                }
                List<String> kindFlags = new ArrayList<>(flags == null ? List.of() : flags);
                kindFlags.removeAll(OtherLink.STATE_FLAGS);
                boolean carrier = flags == null || flags.contains("LOWER_UP");
                // ip -d link prints a tap as "tun type tap": the kind a user knows it by is tap.
                String otherKind = kind == null ? linkType
                        : kind.equals("tun") && "tap".equals(info.path("info_data").path("type").asText()) ? "tap"
                        : kind;
                out.add(new OtherLink(ifname, ifindex, otherKind, mac, addrs, port,
                        kindFlags, carrier, mtu, txqlen));
            }
        }
        return out;
    }

    /** An IPv6 route: its destination or gateway is an IPv6 address ({@code ::1}, {@code fe80::/64}, via {@code fd00::1}). */
    private static boolean ipv6(JsonNode route) {
        return route.path("dst").asText().contains(":") || route.path("gateway").asText().contains(":")
                || "inet6".equals(route.path("via").path("family").asText());
    }

    /** The interface's {@code flags} (UP, LOWER_UP, NOARP...) in ip's order, or null when the file leaves them out. */
    private static List<String> flags(Path file, JsonNode l, String where) throws SnapshotException {
        JsonNode flags = l.get("flags");
        if (flags == null) {
            return null;
        }
        if (!flags.isArray()) {
            throw new SnapshotException(file, where + ".flags", "not an array of flag names: " + flags);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode f : flags) {
            out.add(f.asText());
        }
        return out;
    }

    private static BridgePort port(Path file, JsonNode l, String where) throws SnapshotException {
        String master = Json.optText(l, "master");
        if (master == null) {
            return null;
        }
        JsonNode info = l.path("linkinfo");
        if (!"bridge".equals(Json.optText(info, "info_slave_kind"))) {
            throw new SnapshotException(file, where + ".linkinfo.info_slave_kind", "master " + master
                    + " is not a bridge: only bridge ports are modelled");
        }
        return new BridgePort(master, info.path("info_slave_data").path("hairpin").asBoolean(false));
    }

    /**
     * route.json (table all): the routes the kernel made for addresses ({@code proto kernel} in the local and main
     * tables) follow from the addresses and are not repeated; every other route of the main table, and of any
     * numbered table (reached by policy routing rules), is kept.
     */
    private List<Route> routes() throws SnapshotException {
        Path file = dir.resolve("route.json");
        JsonNode all = Json.array(file);
        List<Route> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            String where = "[" + i + "]";
            if (ipv6(r)) {
                continue; // ip route show table all lists IPv6 routes too; IPv6 is not simulated
            }
            String tableText = Json.optText(r, "table");
            RouteTable table;
            try {
                table = tableText == null ? RouteTable.MAIN : RouteTable.parse(tableText);
            } catch (IllegalArgumentException e) {
                throw new SnapshotException(file, where + ".table", e.getMessage(), e);
            }
            boolean kernelsOwn = "kernel".equals(Json.optText(r, "protocol"));
            if (kernelsOwn && (table.equals(RouteTable.LOCAL) || table.equals(RouteTable.MAIN))) {
                continue;
            }
            if (table.equals(RouteTable.LOCAL)) {
                throw new SnapshotException(file, where + ".table", "a route in table local that the kernel did not"
                        + " make for an address: not modelled");
            }
            String typeText = Json.optText(r, "type");
            RouteType type = typeText == null ? RouteType.UNICAST : RouteType.ofMainTableText(typeText);
            if (type == null) {
                throw new SnapshotException(file, where + ".type", "route type " + typeText + " in table "
                        + table.text() + " is not modelled (unicast, unreachable, prohibit, blackhole and throw are)");
            }
            Cidr dst = Json.destination(file, r, where);
            Ipv4Address gateway = r.has("gateway") ? Json.ipv4(file, r, where, "gateway") : null;
            Ipv4Address src = r.has("prefsrc") ? Json.ipv4(file, r, where, "prefsrc") : null;
            int metric = r.path("metric").asInt(0);
            // ip -j names the protocol only when it is not boot (ip route add's): a DHCP client's default route
            // shows "proto dhcp", and ip route prints it so.
            String proto = Json.optText(r, "protocol");
            Route.Protocol protocol;
            try {
                protocol = proto == null ? Route.Protocol.BOOT : new Route.Protocol(proto);
            } catch (IllegalArgumentException e) {
                throw new SnapshotException(file, where + ".protocol", e.getMessage(), e);
            }
            if (type.fails()) {
                if (gateway != null || r.has("dev")) {
                    throw new SnapshotException(file, where, "a " + type.text() + " route with a "
                            + (gateway != null ? "gateway" : "device") + ": the kernel has none for this type");
                }
                out.add(new Route(table, type, dst, null, null, src, metric, protocol));
                continue;
            }
            // ip -j prints a route's metrics as [{"mtu": 1300, "advmss": ...}]; only the MTU changes a packet's way
            // here (a "lock" on it is not in the JSON).
            JsonNode metrics = r.path("metrics").path(0);
            int mtu = Json.optInteger(file, metrics, where + ".metrics[0]", "mtu", 0, 68, 65535);
            out.add(new Route(table, RouteType.UNICAST, dst, gateway, Json.text(file, r, where, "dev"), src,
                    metric, protocol, mtu));
        }
        return out;
    }

    /** What a rule of rule.json may hold besides what {@link #rules} reads: the selectors and actions not modelled. */
    private static final Set<String> RULE_KEYS = Set.of("priority", "not", "src", "srclen", "dst", "dstlen", "iif",
            "oif", "fwmark", "fwmask", "table", "action", "suppress_prefixlen", "nop", "flags", "protocol");

    /**
     * rule.json ({@code ip -j rule show}): the policy routing rules, in the kernel's order. A snapshot made before it
     * was recorded has none: a fresh namespace's three rules. A {@code nop} rule is left out (the kernel passes over
     * it); a selector or action not modelled (tos, ipproto, ports, uidrange, goto, ...) is an error naming it.
     */
    private List<RoutingRule> rules() throws SnapshotException {
        Path file = dir.resolve("rule.json");
        if (!Files.exists(file)) {
            return RoutingRule.DEFAULTS;
        }
        JsonNode all = Json.array(file);
        List<RoutingRule> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            String where = "[" + i + "]";
            for (var it = r.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!RULE_KEYS.contains(key)) {
                    throw new SnapshotException(file, where + "." + key, "a rule's " + key + " is not modelled (from,"
                            + " to, iif, oif, fwmark, not, lookup, blackhole, unreachable, prohibit and"
                            + " suppress_prefixlength are)");
                }
            }
            if (r.has("nop")) {
                continue;
            }
            long priority = r.path("priority").asLong(-1);
            String action = Json.optText(r, "action");
            String tableText = Json.optText(r, "table");
            try {
                RoutingRule.Action a = action == null ? RoutingRule.Action.LOOKUP
                        : RoutingRule.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT));
                if (a == RoutingRule.Action.LOOKUP && tableText == null) {
                    throw new IllegalArgumentException("a rule with neither a table nor an action");
                }
                long mark = hex(Json.optText(r, "fwmark"));
                String maskText = Json.optText(r, "fwmask");
                long mask = maskText != null ? hex(maskText) : r.has("fwmark") ? 0xffff_ffffL : 0;
                out.add(new RoutingRule(priority, r.has("not"), prefix(r, "src", "srclen"), prefix(r, "dst", "dstlen"),
                        Json.optText(r, "iif"), Json.optText(r, "oif"), mark, mask, a,
                        a == RoutingRule.Action.LOOKUP ? RouteTable.parse(tableText) : null,
                        r.path("suppress_prefixlen").asInt(-1)));
            } catch (IllegalArgumentException e) {
                throw new SnapshotException(file, where, "not a rule the simulation can take: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A rule's {@code src}/{@code dst} and its length ({@code all}, or an address without a length: a /32). */
    private static Cidr prefix(JsonNode r, String key, String lengthKey) {
        String text = Json.optText(r, key);
        if (text == null || text.equals("all")) {
            return null;
        }
        Ipv4Address a = Ipv4Address.parse(text);
        int length = r.has(lengthKey) ? r.path(lengthKey).asInt(-1) : 32;
        return new Cidr(a, length);
    }

    /** {@code 0x1f} as ip -j prints marks; 0 when absent. */
    private static long hex(String text) {
        if (text == null) {
            return 0;
        }
        if (!text.matches("0x[0-9a-fA-F]{1,8}")) {
            throw new IllegalArgumentException("not a 32-bit hex mark: '" + text + "'");
        }
        return Long.parseLong(text.substring(2), 16);
    }

    /** neigh.json: entries with a link-layer address (INCOMPLETE and FAILED ones have none). */
    private List<NeighbourEntry> neighbours() throws SnapshotException {
        Path file = dir.resolve("neigh.json");
        JsonNode all = Json.array(file);
        List<NeighbourEntry> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            JsonNode e = all.get(i);
            String where = "[" + i + "]";
            if (!e.has("lladdr") || !e.path("dst").asText().contains(".")) {
                continue;
            }
            boolean permanent = false;
            for (JsonNode s : e.path("state")) {
                permanent |= s.asText().equals("PERMANENT");
            }
            out.add(new NeighbourEntry(Json.text(file, e, where, "dev"), Json.ipv4(file, e, where, "dst"),
                    Json.mac(file, e, where, "lladdr"), permanent));
        }
        return out;
    }

    /**
     * ethtool-k.txt ({@link EthtoolFeatures}); a snapshot made before it was recorded has none: every interface
     * then completes checksums in software, as with the fixtures' {@code ethtool -K IF tx off}.
     */
    private Set<String> checksumOffload() throws SnapshotException {
        Path file = dir.resolve("ethtool-k.txt");
        if (!Files.exists(file)) {
            return Set.of();
        }
        try {
            return EthtoolFeatures.checksumOffload(TextFile.read(file).lines().toList(), file);
        } catch (IOException e) {
            throw new SnapshotException(file, null, "cannot read: " + TextFile.reason(e), e);
        }
    }

    /** sysctl.txt: {@code key = value} lines as {@code sysctl KEY} prints them; {@code #} lines are absent keys. */
    private Sysctls sysctls() throws SnapshotException {
        Path file = dir.resolve("sysctl.txt");
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = TextFile.read(file).lines().toList();
        } catch (IOException e) {
            throw new SnapshotException(file, null, "cannot read: " + TextFile.reason(e), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf(" = ");
            if (eq < 0) {
                throw new SnapshotException(file, "line " + (i + 1), "expected 'key = value': " + line);
            }
            values.put(line.substring(0, eq), line.substring(eq + 3).strip());
        }
        boolean forward = flag(file, values, "net.ipv4.ip_forward", false);
        boolean brnf = flag(file, values, "net.bridge.bridge-nf-call-iptables", true);
        // Present once nf_conntrack is loaded (any iptables rule with NAT or conntrack loads it); 1 by default.
        boolean conntrackChecksum = flag(file, values, "net.netfilter.nf_conntrack_checksum", true);
        // net.ipv4.conf.DEV.KEY for "all" and each interface (DEV may hold dots: a VLAN's eth0.100); "default" only
        // seeds interfaces made later.
        Map<String, ConfSysctls> conf = new HashMap<>();
        for (String k : values.keySet()) {
            if (!k.startsWith("net.ipv4.conf.")) {
                continue;
            }
            String rest = k.substring("net.ipv4.conf.".length());
            int dot = rest.lastIndexOf('.');
            String dev = dot < 0 ? "" : rest.substring(0, dot);
            if (dot < 0 || dev.equals("default")) {
                continue;
            }
            ConfSysctls c = conf.getOrDefault(dev, ConfSysctls.UNSET);
            switch (rest.substring(dot + 1)) {
                case "route_localnet" -> c = c.withRouteLocalnet(flag(file, values, k, false));
                case "rp_filter" -> {
                    int v = number(file, values, k, 0);
                    if (v < 0 || v > 2) {
                        throw new SnapshotException(file, k, "not 0, 1 or 2: " + v);
                    }
                    c = c.withRpFilter(v);
                }
                case "forwarding" -> c = c.withForwarding(flag(file, values, k, false));
                case "arp_ignore" -> c = c.withArpIgnore(number(file, values, k, 0));
                case "send_redirects" -> c = c.withSendRedirects(flag(file, values, k, true));
                default -> {
                }
            }
            conf.put(dev, c);
        }
        // Absent from snapshots made before they were recorded: the kernel's defaults.
        int ratelimit = number(file, values, "net.ipv4.icmp_ratelimit", Sysctls.ICMP_RATELIMIT_MS);
        if (ratelimit < 0) {
            throw new SnapshotException(file, "net.ipv4.icmp_ratelimit", "not 0 or more ms: " + ratelimit);
        }
        int ratemask = number(file, values, "net.ipv4.icmp_ratemask", Sysctls.ICMP_RATEMASK);
        int ipfragTime = number(file, values, "net.ipv4.ipfrag_time", Sysctls.IPFRAG_TIME_SECONDS);
        if (ipfragTime < 1) {
            throw new SnapshotException(file, "net.ipv4.ipfrag_time", "not 1 or more seconds: " + ipfragTime);
        }
        return new Sysctls(forward, brnf, conntrackChecksum, ratelimit, ratemask, ipfragTime, conf);
    }

    private static boolean flag(Path file, Map<String, String> values, String key, boolean absent)
            throws SnapshotException {
        return values.containsKey(key) ? number(file, values, key, 0) != 0 : absent;
    }

    private static int number(Path file, Map<String, String> values, String key, int absent) throws SnapshotException {
        String v = values.get(key);
        if (v == null) {
            return absent;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new SnapshotException(file, key, "not a number: '" + v + "'", e);
        }
    }
}
