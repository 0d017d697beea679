package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.load.TextFile;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a scenario file (YAML, documented in netsim/SCENARIO-FILES.md) into a {@link Scenario}: the world it
 * describes and, if it has a {@code trace:} section, the exchange to follow. Every mistake is a
 * {@link ScenarioFileException} naming the file, line, column and field.
 */
public final class ScenarioFileLoader {
    static final Set<String> KEYS = Set.of("name", "summary", "trace", "namespaces");

    private ScenarioFileLoader() {
    }

    public static Scenario load(Path file) throws ScenarioFileException {
        String text;
        try {
            text = TextFile.read(file);
        } catch (IOException e) {
            throw new ScenarioFileException(file, 0, 0, "", "cannot read: " + TextFile.reason(e));
        }
        return parse(file, text);
    }

    /** Loads the text of a scenario file; {@code file} is for messages and relative iptables_file paths. */
    public static Scenario parse(Path file, String text) throws ScenarioFileException {
        YamlNode.Mapping root = YamlNode.mapping(YamlTree.parse(file, text));
        root.onlyKeys(KEYS);
        if (!root.has("namespaces")) {
            throw ScenarioFileException.at(root, "missing required key 'namespaces' (the list of network namespaces)");
        }
        List<YamlNode.Mapping> entries = root.mappings("namespaces");
        if (entries.isEmpty()) {
            throw ScenarioFileException.at(root.get("namespaces"), "no namespace: the list is empty");
        }
        List<NamespaceSpec> namespaces = new ArrayList<>();
        Map<String, NamespaceSpec> byName = new HashMap<>();
        for (YamlNode.Mapping m : entries) {
            NamespaceSpec n = NamespaceSpec.read(m);
            NamespaceSpec before = byName.put(n.name(), n);
            if (before != null) {
                throw ScenarioFileException.at(m.get("name"), "namespace " + n.name() + " is declared twice (first on"
                        + " line " + before.at().where().line() + ")");
            }
            namespaces.add(n);
        }
        Map<Endpoint, Endpoint> peers = LinkResolver.resolve(namespaces);
        List<Node> nodes = new ArrayList<>();
        for (NamespaceSpec n : namespaces) {
            nodes.add(node(n, namespaces, peers));
        }
        World world;
        try {
            world = new World(nodes);
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(root.get("namespaces"), e.getMessage());
        }
        String name = root.text("name", defaultName(file));
        String summary = root.text("summary", "scenario file " + file);
        YamlNode.Mapping trace = root.mapping("trace");
        TraceSection t = trace == null ? null : TraceSection.read(trace, namespaces);
        return new Scenario(name, summary, () -> world, t == null ? null : t.flow(),
                t == null ? BuiltinScenarios.HTTP_PACKETS : t.packets());
    }

    private static Node node(NamespaceSpec n, List<NamespaceSpec> all, Map<Endpoint, Endpoint> peers)
            throws ScenarioFileException {
        List<NetInterface> interfaces = new ArrayList<>();
        interfaces.add(Loopback.standard());
        Set<String> offload = new HashSet<>();
        Set<String> down = new HashSet<>();
        for (InterfaceSpec i : n.interfaces()) {
            interfaces.add(i.build(peers.get(new Endpoint(n.name(), i.name()))));
            if (i.txChecksumOffload()) {
                offload.add(i.name());
            }
            if (i.down()) {
                down.add(i.name());
            }
        }
        interfaces = bridgesFromTheirPorts(n, interfaces);
        List<ListeningSocket> sockets = new ArrayList<>(n.sockets());
        var rules = n.rules();
        Sysctls sysctls = n.sysctls();
        if (n.docker() != null) {
            DockerShorthand.Result docker = DockerShorthand.build(n, all);
            rules = docker.rules();
            sockets.addAll(docker.proxies());
            if (docker.hairpinBridge() != null) {
                interfaces = DockerShorthand.withHairpinPorts(interfaces, docker.hairpinBridge());
                sysctls = sysctls.withRouteLocalnet(docker.hairpinBridge());
            }
        }
        try {
            return new Node(n.name(), interfaces, n.routes(), n.neighbours(), sysctls, rules, sockets, offload,
                    n.ipRules(), down);
        } catch (IllegalArgumentException e) {
            throw ScenarioFileException.at(n.at(), e.getMessage());
        }
    }

    /**
     * What a bridge takes from its ports unless the file sets it, as Linux's bridge does: its MAC, the lowest of its
     * ports' while its address is not set by hand ({@code br_stp_recalculate_bridge_id}: its random address gives
     * way to the lowest port's as ports join), and its MTU, the smallest of its ports' while not set by hand
     * ({@code br_mtu_auto_adjust}). Without ports it keeps the derived MAC and the default MTU.
     */
    private static List<NetInterface> bridgesFromTheirPorts(NamespaceSpec n, List<NetInterface> interfaces) {
        List<NetInterface> out = new ArrayList<>(interfaces);
        for (InterfaceSpec spec : n.interfaces()) {
            if (spec.kind() != InterfaceSpec.Kind.BRIDGE) {
                continue;
            }
            MacAddress lowest = null;
            int smallest = Integer.MAX_VALUE;
            for (NetInterface i : interfaces) {
                if (i.port() != null && i.port().bridge().equals(spec.name())) {
                    lowest = lowest == null || i.mac().compareTo(lowest) < 0 ? i.mac() : lowest;
                    smallest = Math.min(smallest, i.mtu());
                }
            }
            for (int k = 0; k < out.size(); k++) {
                if (out.get(k) instanceof Bridge b && b.name().equals(spec.name())) {
                    MacAddress mac = lowest != null && !spec.at().has("mac") ? lowest : b.mac();
                    int mtu = smallest != Integer.MAX_VALUE && spec.mtu() == InterfaceSpec.MTU_UNSET ? smallest
                            : b.mtu();
                    out.set(k, new Bridge(b.name(), b.ifindex(), mac, b.addresses(), b.nfCallIptables(),
                            b.ageingSeconds(), mtu, b.txqlen()));
                }
            }
        }
        return out;
    }

    private static String defaultName(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    /** Joins veth and wire ends: a pair may be written on both sides (they must agree) or on one. */
    static final class LinkResolver {
        private LinkResolver() {
        }

        static Map<Endpoint, Endpoint> resolve(List<NamespaceSpec> namespaces) throws ScenarioFileException {
            Map<Endpoint, InterfaceSpec> ends = new LinkedHashMap<>();
            for (NamespaceSpec n : namespaces) {
                for (InterfaceSpec i : n.interfaces()) {
                    ends.put(new Endpoint(n.name(), i.name()), i);
                }
            }
            Map<Endpoint, Endpoint> peers = new HashMap<>();
            for (Map.Entry<Endpoint, InterfaceSpec> e : ends.entrySet()) {
                InterfaceSpec i = e.getValue();
                if (i.peer() == null) {
                    continue;
                }
                if (i.peer().equals(e.getKey())) {
                    // ip link add eth0 type veth peer name eth0: the second end's name is taken by the first.
                    throw ScenarioFileException.at(i.peerNode(), e.getKey() + " names itself as its peer: a "
                            + i.kind().text + " joins two different interfaces");
                }
                InterfaceSpec far = ends.get(i.peer());
                if (far == null) {
                    boolean node = namespaces.stream().anyMatch(n -> n.name().equals(i.peer().node()));
                    throw ScenarioFileException.at(i.peerNode(), "peer " + i.peer() + " does not exist: "
                            + (node ? "namespace " + i.peer().node() + " has no interface " + i.peer().iface()
                            : "no namespace named " + i.peer().node()));
                }
                if (far.kind() != i.kind()) {
                    throw ScenarioFileException.at(i.peerNode(), e.getKey() + " is a " + i.kind().text + " but its peer "
                            + i.peer() + " is a " + far.kind().text);
                }
                if (far.peer() != null && !far.peer().equals(e.getKey())) {
                    throw ScenarioFileException.at(far.peerNode(), i.peer() + " names " + far.peer() + " as its peer,"
                            + " but " + e.getKey() + " names " + i.peer() + " (line " + i.peerNode().where().line() + ")");
                }
                Endpoint already = peers.get(i.peer());
                if (already != null && !already.equals(e.getKey())) {
                    throw ScenarioFileException.at(i.peerNode(), i.peer() + " is already the peer of " + already
                            + ": a veth pair has two ends");
                }
                peers.put(e.getKey(), i.peer());
                peers.put(i.peer(), e.getKey());
            }
            for (Map.Entry<Endpoint, InterfaceSpec> e : ends.entrySet()) {
                InterfaceSpec i = e.getValue();
                boolean linked = i.kind() == InterfaceSpec.Kind.VETH || i.kind() == InterfaceSpec.Kind.WIRE;
                if (linked && !peers.containsKey(e.getKey())) {
                    throw ScenarioFileException.at(i.at().get("name"), i.kind().text + " " + e.getKey()
                            + " has no peer: write 'peer: NAMESPACE:INTERFACE' here or on the other end");
                }
            }
            return peers;
        }
    }
}
