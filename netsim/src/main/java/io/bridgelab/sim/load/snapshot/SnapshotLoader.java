package io.bridgelab.sim.load.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a simulated {@link World} from a snapshot folder: the real tools' own output for each namespace,
 * as {@code fixtures/scenarios/lib/snapshot.sh} and {@code netsim snapshot} write it.
 *
 * <pre>
 * DIR/namespaces.json          {"host": "fx1234-host", ...}: node name -> the netns it was read from
 * DIR/veth-peers.json          [{"role","ifname","peer_role","peer_ifname",...}]: veth ends across namespaces
 * DIR/&lt;node&gt;/link.json         ip -j -d link      (interfaces: loopback, veth, bridge; ports, hairpin)
 * DIR/&lt;node&gt;/addr.json         ip -j addr         (IPv4 addresses, primary first)
 * DIR/&lt;node&gt;/route.json        ip -j route show table all (non-kernel routes of main, routes of numbered tables)
 * DIR/&lt;node&gt;/rule.json         ip -j rule show    (policy routing rules; absent: a fresh namespace's three)
 * DIR/&lt;node&gt;/neigh.json        ip -j neigh        (entries with a MAC)
 * DIR/&lt;node&gt;/sysctl.txt        sysctl KEY lines   (ip_forward, bridge-nf-call-iptables, route_localnet, rp_filter
 *                                                     forwarding, arp_ignore and send_redirects, for all and per
 *                                                     interface,
 *                                                     nf_conntrack_checksum, icmp_ratelimit, icmp_ratemask,
 *                                                     ipfrag_time)
 * DIR/&lt;node&gt;/iptables-save-c.txt  iptables-save -c (rules and counters; no table at all = no rules)
 * DIR/&lt;node&gt;/iptables-legacy-save-c.txt
 *                               iptables-legacy-save -c (the other backend's rules, when iptables-save is
 *                                                     iptables-nft and legacy tables exist; iptables-nft-save-c.txt
 *                                                     the other way round): the ruleset simulated when
 *                                                     iptables-save's can change nothing, else listed unsimulated
 *                                                     ({@link Firewalls})
 * DIR/&lt;node&gt;/ethtool-k.txt     ethtool -k IF, each interface (TX checksum offload; absent: off everywhere)
 * DIR/&lt;node&gt;/nft-chains.json   lib/nft-chains.py  (nf_tables base chains of every family: whether their policy
 *                                                     counts, absent: every policy counts; chains written with nft
 *                                                     are listed unsimulated,
 *                                                     {@link io.bridgelab.sim.world.Node#unsimulated})
 * DIR/&lt;node&gt;/sockets.txt       ss -H -l -n -t -u -p (listening TCP and bound UDP sockets; absent: none)
 * </pre>
 *
 * Other files of the folder (fdb.json, bridge-link.json, conntrack.txt, link-stats.json, nsid.json) are
 * for people reading it; the world starts with empty FDBs (but the local entries) and no conntrack entries.
 * A socket of sockets.txt answers a SYN with a SYN-ACK and reads datagrams; what its program then sends is not
 * recorded (a replay plays it from a capture), except docker-proxy's relaying, whose container is read from the
 * DNAT rule dockerd wrote for the same port ({@link DockerProxyTargets}).
 */
public final class SnapshotLoader {
    private SnapshotLoader() {
    }

    /**
     * Loads the world a snapshot folder describes.
     *
     * @throws SnapshotException naming the file and field when the folder is incomplete, malformed or
     *                           holds something the simulator does not model
     */
    public static World load(Path dir) throws SnapshotException {
        if (!Files.isDirectory(dir)) {
            throw new SnapshotException(dir, null, Files.exists(dir) ? "not a snapshot folder (a file; give the folder"
                    + " 'netsim snapshot' wrote)" : "not a snapshot folder (no such directory)");
        }
        List<String> names = names(dir);
        Map<String, Map<String, Endpoint>> peers = peers(dir, names);
        List<Node> nodes = new ArrayList<>();
        for (String name : names) {
            nodes.add(new NamespaceReader(dir.resolve(name), name).read(peers.getOrDefault(name, Map.of())));
        }
        try {
            return new World(nodes);
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(dir, null, "inconsistent snapshot: " + e.getMessage(), e);
        }
    }

    /** The node names: namespaces.json's keys in its order, else every subfolder with a link.json, sorted. */
    private static List<String> names(Path dir) throws SnapshotException {
        Path file = dir.resolve("namespaces.json");
        List<String> names = new ArrayList<>();
        if (Files.exists(file)) {
            JsonNode map = Json.read(file);
            if (!map.isObject()) {
                throw new SnapshotException(file, null, "expected an object {node: netns}");
            }
            for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                        || name.indexOf('\0') >= 0) {
                    // A node's files are in DIR/<name>: a name must not lead out of the snapshot.
                    throw new SnapshotException(file, name, "not a folder name inside the snapshot");
                }
                if (!Files.isDirectory(dir.resolve(name))) {
                    throw new SnapshotException(file, name, "no folder " + dir.resolve(name) + " for this namespace");
                }
                names.add(name);
            }
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> Files.exists(p.resolve("link.json"))).map(p -> p.getFileName().toString()).sorted()
                        .forEach(names::add);
            } catch (IOException e) {
                throw new SnapshotException(dir, null, "cannot list: " + e.getMessage(), e);
            }
        }
        if (names.isEmpty()) {
            throw new SnapshotException(file, null, "no namespace in the snapshot");
        }
        return names;
    }

    /** veth-peers.json: for each node, its veth ends by name -> the far end (which must be in the snapshot). */
    private static Map<String, Map<String, Endpoint>> peers(Path dir, List<String> names) throws SnapshotException {
        Path file = dir.resolve("veth-peers.json");
        Map<String, Map<String, Endpoint>> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode all = Json.array(file);
        for (int i = 0; i < all.size(); i++) {
            JsonNode p = all.get(i);
            String where = "[" + i + "]";
            String role = Json.text(file, p, where, "role");
            String ifname = Json.text(file, p, where, "ifname");
            String peerRole = Json.optText(p, "peer_role");
            String peerIf = Json.optText(p, "peer_ifname");
            if (peerRole == null || peerIf == null || !names.contains(peerRole)) {
                throw new SnapshotException(file, where + ".peer_role", role + ":" + ifname + "'s peer is in netns "
                        + Json.optText(p, "peer_netns") + ", which is not part of the snapshot (snapshot it too)");
            }
            out.computeIfAbsent(role, k -> new LinkedHashMap<>()).put(ifname, new Endpoint(peerRole, peerIf));
        }
        return out;
    }
}
