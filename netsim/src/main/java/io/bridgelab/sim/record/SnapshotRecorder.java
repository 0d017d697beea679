package io.bridgelab.sim.record;

import io.bridgelab.netfilter.linux.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Records live namespaces into a snapshot folder with the real tools only ({@code ip -j}, {@code bridge -j},
 * {@code iptables-save -c}, {@code conntrack -L}, {@code sysctl}, {@code ethtool -k}, {@code ss}), in the layout of
 * fixtures/scenarios/lib/snapshot.sh, which {@link io.bridgelab.sim.load.snapshot.SnapshotLoader} reads:
 *
 * <pre>
 * OUT/&lt;role&gt;/{link,link-stats,addr,route,rule,neigh,fdb,bridge-link,nsid}.json, iptables-save-c.txt,
 *              conntrack.txt, sysctl.txt, ethtool-k.txt, nft-chains.json (python3: which nf_tables chains count),
 *              sockets.txt (ss -H -l -n -t -u -p)
 * OUT/namespaces.json   role -&gt; netns
 * OUT/veth-peers.json   each veth end with its ifindex and its peer's role, netns, ifname and ifindex
 * </pre>
 */
public final class SnapshotRecorder {
    private SnapshotRecorder() {
    }

    /** Records {@code namespaces} (in this order) into {@code out}, which must be absent or empty. */
    public static void record(List<NamespaceRef> namespaces, Path out) throws SnapshotRecordException {
        check(namespaces, out);
        List<NamespaceRecorder.Recorded> recorded = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (NamespaceRef ref : namespaces) {
            Path dir = out.resolve(ref.role());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new SnapshotRecordException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            recorded.add(new NamespaceRecorder(ref, dir).record());
            names.put(ref.role(), ref.netns());
        }
        List<Map<String, Object>> peers = new ArrayList<>();
        for (VethPeer p : VethPeers.resolve(recorded)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("role", p.role());
            m.put("netns", p.netns());
            m.put("ifname", p.ifname());
            m.put("ifindex", p.ifindex());
            m.put("address", p.address());
            m.put("peer_role", p.peerRole());
            m.put("peer_netns", p.peerNetns());
            m.put("peer_ifname", p.peerIfname());
            m.put("peer_ifindex", p.peerIfindex());
            peers.add(m);
        }
        try {
            Files.writeString(out.resolve("namespaces.json"), PythonJson.write(names));
            Files.writeString(out.resolve("veth-peers.json"), PythonJson.write(peers));
        } catch (IOException e) {
            throw new SnapshotRecordException("cannot write to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Each role and each netns once: a role names a folder, and a netns recorded twice would be two nodes. */
    public static void checkDistinct(List<NamespaceRef> namespaces) throws SnapshotRecordException {
        Set<String> roles = new HashSet<>();
        Set<String> netns = new HashSet<>();
        for (NamespaceRef r : namespaces) {
            if (!roles.add(r.role())) {
                throw new SnapshotRecordException("role '" + r.role() + "' given twice");
            }
            if (!netns.add(r.netns())) {
                throw new SnapshotRecordException("netns '" + r.netns() + "' given twice");
            }
        }
    }

    private static void check(List<NamespaceRef> namespaces, Path out) throws SnapshotRecordException {
        if (namespaces.isEmpty()) {
            throw new SnapshotRecordException("no namespace to record");
        }
        checkDistinct(namespaces);
        Set<String> live = liveNamespaces();
        for (NamespaceRef r : namespaces) {
            if (!r.isFile()) {
                if (!live.contains(r.netns())) {
                    throw new SnapshotRecordException("no network namespace named '" + r.netns() + "' (ip netns list)");
                }
                continue;
            }
            // /proc/PID/ns/net is a link to no path ("net:[4026531840]"): look at the link itself, then open it.
            Path file = Path.of(r.netns());
            if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new SnapshotRecordException("no namespace file " + r.netns());
            }
            if (!Files.isReadable(file)) {
                throw new SnapshotRecordException("cannot open the namespace file " + r.netns()
                        + ": permission denied (recording needs root)");
            }
        }
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new SnapshotRecordException(out + " exists and is not a folder");
            }
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new SnapshotRecordException(out + " is not empty: a snapshot goes into a new folder");
                }
            } catch (IOException e) {
                throw new SnapshotRecordException("cannot list " + out + ": " + e.getMessage(), e);
            }
        }
    }

    /** Names {@code ip netns list} shows (its plain output: "NAME" or "NAME (id: N)" per line). */
    private static Set<String> liveNamespaces() throws SnapshotRecordException {
        Command.Result r = Command.run("ip", "netns", "list");
        if (!r.ok()) {
            throw new SnapshotRecordException("ip netns list exited " + r.exitCode() + ": " + r.stderr().strip());
        }
        Set<String> names = new HashSet<>();
        for (String line : r.stdout().split("\n")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                int space = s.indexOf(' ');
                names.add(space < 0 ? s : s.substring(0, space));
            }
        }
        return names;
    }
}
