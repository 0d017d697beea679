package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.netfilter.text.ParseException;
import io.bridgelab.sim.load.TextFile;
import io.bridgelab.sim.world.ConfSysctls;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.NeighbourEntry;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RoutingRule;
import io.bridgelab.sim.world.Sysctls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code namespaces:} as written: everything of the node but its veth peers (which span
 * namespaces) and, with the {@code docker:} shorthand, its rules (which need the containers' addresses).
 *
 * @param rules  the ruleset from {@code iptables} or {@code iptables_file}, or null (none, or docker's)
 * @param docker the {@code docker:} mapping, or null
 */
record NamespaceSpec(YamlNode.Mapping at, String name, List<InterfaceSpec> interfaces, List<Route> routes,
                     List<NeighbourEntry> neighbours, Sysctls sysctls, Ruleset rules, YamlNode.Mapping docker,
                     List<ListeningSocket> sockets, List<RoutingRule> ipRules) {

    static final Set<String> KEYS = Set.of("name", "interfaces", "routes", "ip_rules", "neighbours", "sysctls",
            "iptables", "iptables_file", "docker", "listen");

    static NamespaceSpec read(YamlNode.Mapping m) throws ScenarioFileException {
        m.onlyKeys(KEYS);
        String name = Values.name(m, "name", 64);
        List<InterfaceSpec> interfaces = new ArrayList<>();
        Map<String, InterfaceSpec> byName = new HashMap<>();
        Map<Integer, InterfaceSpec> byIndex = new HashMap<>();
        // The kernel gives a new device the next free index counting on from the last one it chose itself
        // (lo's 1 in a new namespace), skipping those in use; an index asked for (ip link add ... index N)
        // takes that one and does not move the count: after eth0 with index 5, eth1 gets 2, not 6.
        int lastChosen = 1;
        for (YamlNode.Mapping im : m.mappings("interfaces")) {
            int next = lastChosen + 1;
            while (byIndex.containsKey(next)) {
                next++;
            }
            InterfaceSpec i = InterfaceSpec.read(name, im, next);
            InterfaceSpec sameName = byName.put(i.name(), i);
            if (sameName != null) {
                throw ScenarioFileException.at(im.get("name"), "interface " + i.name() + " is declared twice in"
                        + " namespace " + name + " (first on line " + sameName.at().where().line() + ")");
            }
            InterfaceSpec sameIndex = byIndex.put(i.ifindex(), i);
            if (sameIndex != null) {
                throw ScenarioFileException.at(im.has("ifindex") ? im.get("ifindex") : im, "ifindex " + i.ifindex()
                        + " is already " + sameIndex.name() + "'s in namespace " + name);
            }
            interfaces.add(i);
            if (!im.has("ifindex")) {
                lastChosen = next;
            }
        }
        for (InterfaceSpec i : interfaces) {
            if (i.master() != null) {
                InterfaceSpec bridge = byName.get(i.master());
                if (bridge == null || bridge.kind() != InterfaceSpec.Kind.BRIDGE) {
                    throw ScenarioFileException.at(i.at().get("master"), "no bridge named '" + i.master()
                            + "' in namespace " + name);
                }
            }
        }
        Ruleset rules = rules(m);
        YamlNode.Mapping docker = m.mapping("docker");
        if (docker != null && (m.has("iptables") || m.has("iptables_file"))) {
            throw ScenarioFileException.at(docker, "give either 'docker' (Docker's rules) or 'iptables'/"
                    + "'iptables_file' (your own), not both");
        }
        return new NamespaceSpec(m, name, interfaces, Routes.read(m, name, interfaces),
                neighbours(m, byName), sysctls(m, docker != null), rules, docker, sockets(m, name, interfaces),
                IpRules.read(m, name, interfaces));
    }

    private static YamlNode missing(YamlNode.Mapping m, String key) throws ScenarioFileException {
        throw ScenarioFileException.at(m, "missing required key '" + key + "'");
    }

    private static List<NeighbourEntry> neighbours(YamlNode.Mapping m, Map<String, InterfaceSpec> byName)
            throws ScenarioFileException {
        List<NeighbourEntry> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (YamlNode.Mapping n : m.mappings("neighbours")) {
            n.onlyKeys(Set.of("dev", "address", "mac", "permanent"));
            String dev = n.text("dev");
            if (!byName.containsKey(dev)) {
                throw ScenarioFileException.at(n.get("dev"), "no interface '" + dev + "' in this namespace");
            }
            YamlNode address = n.has("address") ? n.get("address") : missing(n, "address");
            NeighbourEntry e = new NeighbourEntry(dev, Values.ipv4(address),
                    Values.mac(n.has("mac") ? n.get("mac") : missing(n, "mac")), n.bool("permanent", true));
            Integer before = lines.putIfAbsent(dev + " " + e.address(), n.where().line());
            if (before != null) {
                throw ScenarioFileException.at(address, "a neighbour " + e.address() + " on " + dev + " is written"
                        + " already, on line " + before + " (ip neigh add: File exists)");
            }
            out.add(e);
        }
        return out;
    }

    /** Unset keys keep a fresh namespace's values; with the docker shorthand ip_forward defaults on (dockerd sets it). */
    private static Sysctls sysctls(YamlNode.Mapping m, boolean docker) throws ScenarioFileException {
        YamlNode.Mapping s = m.mapping("sysctls");
        Sysctls d = docker ? Sysctls.DOCKER_HOST : Sysctls.DEFAULTS;
        Map<String, ConfSysctls> conf = new HashMap<>();
        boolean sendRedirects = true;
        if (s != null) {
            s.onlyKeys(Set.of("ip_forward", "route_localnet", "rp_filter", "bridge_nf_call_iptables",
                    "nf_conntrack_checksum", "icmp_ratelimit", "icmp_ratemask", "send_redirects", "ipfrag_time"));
            sendRedirects = s.bool("send_redirects", true);
            // Only what the file writes: the rest stays at the kernel's default, as in the built-in worlds.
            ConfSysctls all = new ConfSysctls(s.has("rp_filter") ? s.integer("rp_filter", 0, 0, 2) : null, null, null,
                    sendRedirects ? null : false, s.has("route_localnet") ? s.bool("route_localnet", false) : null);
            if (!all.equals(ConfSysctls.UNSET)) {
                conf.put(Sysctls.ALL, all);
            }
            d = new Sysctls(s.bool("ip_forward", d.ipForward()), s.bool("bridge_nf_call_iptables",
                    d.bridgeNfCallIptables()), s.bool("nf_conntrack_checksum", d.conntrackChecksum()),
                    s.integer("icmp_ratelimit", d.icmpRatelimitMs(), 0, Integer.MAX_VALUE),
                    s.integer("icmp_ratemask", d.icmpRatemask(), Integer.MIN_VALUE, Integer.MAX_VALUE),
                    s.integer("ipfrag_time", d.ipfragTimeSeconds(), 1, Integer.MAX_VALUE), Map.of());
        }
        for (YamlNode.Mapping i : m.mappings("interfaces")) {
            // send_redirects: false is conf.all and every conf.IF at 0; the kernel sends redirects if either is 1.
            ConfSysctls own = new ConfSysctls(null, null, null, sendRedirects ? null : false,
                    i.bool("route_localnet", false) ? true : null);
            if (!own.equals(ConfSysctls.UNSET)) {
                conf.put(i.text("name"), own);
            }
        }
        return new Sysctls(d.ipForward(), d.bridgeNfCallIptables(), d.conntrackChecksum(), d.icmpRatelimitMs(),
                d.icmpRatemask(), d.ipfragTimeSeconds(), conf);
    }

    private static Ruleset rules(YamlNode.Mapping m) throws ScenarioFileException {
        if (m.has("iptables") && m.has("iptables_file")) {
            throw ScenarioFileException.at(m.get("iptables_file"), "give 'iptables' or 'iptables_file', not both");
        }
        if (m.has("iptables_file")) {
            YamlNode at = m.get("iptables_file");
            Path file = at.where().file().toAbsolutePath().getParent().resolve(YamlNode.scalar(at).text());
            String text;
            try {
                text = TextFile.read(file);
            } catch (IOException e) {
                throw ScenarioFileException.at(at, "cannot read " + file + ": " + TextFile.reason(e));
            }
            try {
                return IptablesSaveParser.parse(text);
            } catch (ParseException e) {
                throw new ScenarioFileException(file, e.line(), e.column(), at.where().path(), "iptables-save text: "
                        + e.getMessage());
            }
        }
        if (!m.has("iptables")) {
            return null;
        }
        YamlNode.Scalar at = YamlNode.scalar(m.get("iptables"));
        try {
            return IptablesSaveParser.parse(at.text());
        } catch (ParseException e) {
            YamlNode.Where w = at.where();
            if (at.blockLine() > 0) {
                // A literal block: place the error on its own line of the file.
                throw new ScenarioFileException(w.file(), at.blockLine() + e.line() - 1, at.blockIndent() + e.column(),
                        w.path(), "iptables-save text, " + e.getMessage());
            }
            throw ScenarioFileException.at(at, "iptables-save text, " + e.getMessage());
        }
    }

    /**
     * The sockets, each bindable after the ones before it: its address is the namespace's (bind:
     * EADDRNOTAVAIL otherwise) and no earlier socket of the protocol holds its port on that address or on
     * 0.0.0.0, or on any address when it binds 0.0.0.0 (EADDRINUSE; the programs modelled set no SO_REUSEPORT).
     */
    private static List<ListeningSocket> sockets(YamlNode.Mapping m, String node, List<InterfaceSpec> interfaces)
            throws ScenarioFileException {
        List<ListeningSocket> out = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (YamlNode.Mapping l : m.mappings("listen")) {
            l.onlyKeys(Set.of("proto", "port", "address", "process", "response", "backlog"));
            int proto = l.has("proto") ? Values.protocol(l.get("proto"), false) : IpProtocol.TCP;
            if (!l.has("port")) {
                throw ScenarioFileException.at(l, "missing required key 'port'");
            }
            Ipv4Address address = l.has("address") ? Values.ipv4(l.get("address")) : Ipv4Address.ANY;
            if (!address.equals(Ipv4Address.ANY) && !bindable(interfaces, address)) {
                throw ScenarioFileException.at(l.get("address"), address + " is not an address of namespace " + node
                        + " (bind: EADDRNOTAVAIL)");
            }
            ListeningSocket s = new ListeningSocket(proto, address, l.integer("port", 0, 1, 65535),
                    l.text("process", null), l.has("response") ? YamlNode.scalar(l.get("response")).text() : null);
            if (l.has("backlog")) {
                if (proto != IpProtocol.TCP) {
                    throw ScenarioFileException.at(l.get("backlog"), "a backlog is a listening TCP socket's (listen());"
                            + " a UDP socket has none");
                }
                s = s.withBacklog(l.integer("backlog", 0, 0, 65535));
            }
            for (int k = 0; k < out.size(); k++) {
                ListeningSocket o = out.get(k);
                if (o.protocol() == s.protocol() && o.port() == s.port() && (o.address().equals(s.address())
                        || o.address().equals(Ipv4Address.ANY) || s.address().equals(Ipv4Address.ANY))) {
                    throw ScenarioFileException.at(l.get("port"), IpProtocol.name(proto) + " port " + s.port() + " on "
                            + s.address() + " is taken by the socket on line " + lines.get(k) + " (" + o
                            + "; bind: EADDRINUSE)");
                }
            }
            out.add(s);
            lines.add(l.where().line());
        }
        return out;
    }

    /** What bind() takes: a local address, or a broadcast or multicast one (for a UDP socket to receive). */
    private static boolean bindable(List<InterfaceSpec> interfaces, Ipv4Address address) {
        if (Routes.isLocal(interfaces, address) || address.isMulticast() || address.equals(Ipv4Address.BROADCAST)) {
            return true;
        }
        return interfaces.stream().flatMap(i -> i.addresses().stream())
                .anyMatch(a -> a.prefixLength() < 31 && a.subnet().broadcast().equals(address));
    }
}
