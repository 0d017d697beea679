package io.bridgelab.sim.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bridgelab.netfilter.linux.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records one live namespace into its folder of a snapshot, file for file as fixtures/scenarios/lib/snapshot.sh
 * does: each tool's own output, unchanged. Per-bridge {@code nf_call_iptables} is in link.json
 * ({@code linkinfo.info_data}), each port's {@code hairpin} in bridge-link.json and link.json
 * ({@code info_slave_data}): {@code ip -d} and {@code bridge -d} already print them.
 */
final class NamespaceRecorder {
    /** Namespace-wide keys, then per-interface ones for all, default and each interface (snapshot.sh's order). */
    private static final List<String> GLOBAL_KEYS = List.of("net.ipv4.ip_forward", "net.bridge.bridge-nf-call-iptables",
            "net.bridge.bridge-nf-call-ip6tables", "net.bridge.bridge-nf-call-arptables",
            "net.netfilter.nf_conntrack_checksum", "net.ipv4.icmp_ratelimit", "net.ipv4.icmp_ratemask",
            "net.ipv4.ipfrag_time");
    private static final List<String> PER_DEVICE = List.of("route_localnet", "rp_filter", "forwarding", "arp_ignore",
            "send_redirects");

    private final NamespaceRef ref;
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    NamespaceRecorder(NamespaceRef ref, Path dir) {
        this.ref = ref;
        this.dir = dir;
    }

    /** Writes every file of the folder; returns link.json and nsid.json parsed, for the veth peers. */
    Recorded record() throws SnapshotRecordException {
        String link = tool("link.json", "ip", "-j", "-d", "link");
        tool("link-stats.json", "ip", "-j", "-s", "link");
        tool("addr.json", "ip", "-j", "addr");
        tool("route.json", "ip", "-j", "route", "show", "table", "all");
        tool("rule.json", "ip", "-j", "rule", "show");
        tool("neigh.json", "ip", "-j", "neigh");
        tool("fdb.json", "bridge", "-j", "fdb");
        tool("bridge-link.json", "bridge", "-j", "-d", "link");
        String nsid = tool("nsid.json", "ip", "-j", "netns", "list-id");
        tool("iptables-save-c.txt", "iptables-save", "-c");
        otherIptablesBackend();
        nftChains();
        nftRuleset();
        tool("sockets.txt", "ss", "-H", "-l", "-n", "-t", "-u", "-p");
        // As snapshot.sh: conntrack's stdout whatever its exit (no conntrack tool or module: an empty file).
        write("conntrack.txt", exec(List.of("conntrack", "-L")).stdout());
        JsonNode links = parse("link.json", link);
        write("sysctl.txt", sysctls(links));
        write("ethtool-k.txt", features(links));
        return new Recorded(ref, links, parse("nsid.json", nsid));
    }

    /**
     * nft-chains.json: the fixtures' nft-chains.py (packaged beside this class), run by python3 inside the
     * namespace, lists the nf_tables base chains and whether the kernel counts their policy. Without python3 (or
     * without nf_tables) the file is left out, and the loader takes every policy as counted, as before it existed.
     */
    private void nftChains() throws SnapshotRecordException {
        String script;
        try (var in = NamespaceRecorder.class.getResourceAsStream("nft-chains.py")) {
            if (in == null) {
                throw new SnapshotRecordException("nft-chains.py is missing from netsim's jar (a broken build)");
            }
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SnapshotRecordException("cannot read nft-chains.py from netsim's jar: " + e.getMessage(), e);
        }
        Command.Result r = exec(List.of("python3", "-c", script));
        if (r.ok()) {
            write("nft-chains.json", r.stdout());
        }
    }

    /**
     * iptables-legacy-save-c.txt (iptables-nft-save-c.txt where iptables-save is iptables-legacy's): the rules of
     * the other iptables backend, when it has any. The kernel runs both at the same hooks, and iptables-nft-save
     * only warns of legacy tables on its standard error, which the snapshot does not keep; a program with its own
     * iptables (kube-proxy's image, an older dockerd) may have written the other kind. Legacy tables of the
     * namespace (/proc/net/ip_tables_names) with no iptables-legacy-save to print them fail the recording: the
     * snapshot would leave them out without a word.
     */
    private void otherIptablesBackend() throws SnapshotRecordException {
        boolean nft = exec(List.of("iptables-save", "--version")).stdout().contains("(nf_tables)");
        String other = nft ? "iptables-legacy-save" : "iptables-nft-save";
        Command.Result r = exec(List.of(other, "-c"));
        if (r.ok()) {
            if (r.stdout().lines().anyMatch(l -> l.startsWith("*"))) {
                write(other + "-c.txt", r.stdout());
            }
            return;
        }
        String legacyTables = nft ? exec(List.of("cat", "/proc/net/ip_tables_names")).stdout().strip() : "";
        if (!legacyTables.isEmpty()) {
            throw new SnapshotRecordException("netns " + ref.netns() + " has iptables-legacy tables ("
                    + legacyTables.replace('\n', ' ') + "), which the kernel runs beside iptables-save's, but " + other
                    + " -c failed (" + r.stderr().strip() + "): install it (Debian: apt install iptables) to record"
                    + " them");
        }
    }

    /**
     * nft-ruleset.txt: {@code nft list ruleset}, for the people reading the snapshot: the chains nft wrote are not
     * simulated (the loader lists them from nft-chains.json), and this is where their rules can be read. Left out
     * without nft or when it prints nothing (no nf_tables table at all).
     */
    private void nftRuleset() throws SnapshotRecordException {
        Command.Result r = exec(List.of("nft", "list", "ruleset"));
        if (r.ok() && !r.stdout().isBlank()) {
            write("nft-ruleset.txt", r.stdout());
        }
    }

    /** link.json and nsid.json of one namespace. */
    record Recorded(NamespaceRef ref, JsonNode links, JsonNode nsids) {
    }

    private String sysctls(JsonNode links) throws SnapshotRecordException {
        List<String> keys = new ArrayList<>(GLOBAL_KEYS);
        List<String> devices = new ArrayList<>(List.of("all", "default"));
        for (JsonNode l : links) {
            devices.add(l.path("ifname").asText());
        }
        for (String d : devices) {
            for (String k : PER_DEVICE) {
                keys.add("net.ipv4.conf." + d + "." + k);
            }
        }
        // One sysctl run for all keys: it prints 'key = value' for each present key and carries on past
        // absent ones (br_netfilter not loaded), exiting 1; those become snapshot.sh's '# KEY: not present'.
        List<String> argv = new ArrayList<>(List.of("sysctl"));
        argv.addAll(keys);
        Command.Result r = exec(argv);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                lines.put(line.substring(0, eq), line);
            }
        }
        if (lines.isEmpty()) {
            throw new SnapshotRecordException("netns " + ref.netns() + ": sysctl printed nothing: " + r.stderr().strip());
        }
        StringBuilder out = new StringBuilder();
        for (String k : keys) {
            String line = lines.get(k);
            out.append(line != null ? line : "# " + k + ": not present").append('\n');
        }
        return out.toString();
    }

    /** {@code ethtool -k} of every interface in link.json's (ifindex) order, as snapshot.sh writes them. */
    private String features(JsonNode links) throws SnapshotRecordException {
        StringBuilder out = new StringBuilder();
        for (JsonNode l : links) {
            String name = l.path("ifname").asText();
            Command.Result r = exec(List.of("ethtool", "-k", name));
            out.append(r.ok() ? r.stdout() : "# ethtool -k " + name + ": failed\n");
        }
        return out.toString();
    }

    private String tool(String file, String... argv) throws SnapshotRecordException {
        Command.Result r = exec(List.of(argv));
        if (!r.ok()) {
            throw new SnapshotRecordException("netns " + ref.netns() + ": " + String.join(" ", argv) + " exited "
                    + r.exitCode() + ": " + r.stderr().strip());
        }
        write(file, r.stdout());
        return r.stdout();
    }

    private Command.Result exec(List<String> argv) {
        return Command.run(ref.inside(argv));
    }

    private void write(String file, String text) throws SnapshotRecordException {
        try {
            Files.writeString(dir.resolve(file), text);
        } catch (IOException e) {
            throw new SnapshotRecordException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String file, String text) throws SnapshotRecordException {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isArray()) {
                throw new SnapshotRecordException("netns " + ref.netns() + ": " + file + " is not a JSON array");
            }
            return node;
        } catch (IOException e) {
            throw new SnapshotRecordException("netns " + ref.netns() + ": " + file + " is not JSON: "
                    + e.getMessage(), e);
        }
    }
}
