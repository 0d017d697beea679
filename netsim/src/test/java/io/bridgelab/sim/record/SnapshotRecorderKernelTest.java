package io.bridgelab.sim.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.testing.Await;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.sim.cli.Main;
import io.bridgelab.sim.load.snapshot.SnapshotException;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.UnsimulatedChain;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code netsim snapshot} against lib/snapshot.sh on the same live topology (three throwaway namespaces: a
 * host with a bridge, a hairpin port, br_netfilter per bridge, a static route and neighbour, DNAT rules; a
 * container; an outside peer): the same files, the same bytes, but for what moves by itself between two
 * reads (bridge timers, interface counters, iptables-save's date line). The loader then reads our folder.
 */
class SnapshotRecorderKernelTest {
    private static final Path SNAPSHOT_SH = Path.of("../fixtures/scenarios/lib/snapshot.sh").toAbsolutePath()
            .normalize();
    private static final String RULES = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -i eth0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 10.77.0.2:80
            -A POSTROUTING -s 10.77.0.0/24 ! -o br0 -j MASQUERADE
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
            -A FORWARD -i br0 ! -o br0 -j ACCEPT
            COMMIT
            """;

    @Test
    void recordsWhatSnapshotShRecordsAndTheLoaderReadsIt(@TempDir Path tmp) throws Exception {
        Kernel.require("ip", "bridge", "iptables-save", "iptables-restore", "iptables-legacy", "nft", "sysctl", "python3",
                "bash");
        // lib/common.sh names a run's namespaces PREFIX-ROLE; ours are PREFIX-<name>-<random>, so the roles
        // are <name>-<random> for both tools.
        String prefix = "snap" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        try (NetworkNamespace host = NetworkNamespace.create(prefix + "-host");
             NetworkNamespace c1 = NetworkNamespace.create(prefix + "-c1");
             NetworkNamespace ext = NetworkNamespace.create(prefix + "-ext")) {
            build(host, c1, ext);
            List<NetworkNamespace> all = List.of(host, c1, ext);
            awaitCarrier(all);
            List<String> roles = all.stream().map(n -> n.name().substring(prefix.length() + 1)).toList();

            Path ours = tmp.resolve("ours");
            List<String> netnsArg = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                netnsArg.add(roles.get(i) + "=" + all.get(i).name());
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[]{"snapshot", "--netns", String.join(",", netnsArg), "--out",
                    ours.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertThat(err.toString()).isEmpty();
            assertThat(code).isZero();
            assertThat(out.toString()).contains("recorded 3 namespaces into " + ours);

            Path theirs = tmp.resolve("theirs");
            Path state = Files.createDirectories(tmp.resolve("state"));
            Files.writeString(state.resolve("roles"), String.join("\n", roles) + "\n");
            Command.Result sh = Command.run(List.of("env", "FX_STATE=" + state, "bash", SNAPSHOT_SH.toString(),
                    prefix, theirs.toString()), null, Duration.ofSeconds(120));
            assertThat(sh.exitCode()).as(sh.stderr()).isZero();

            assertSameFolders(ours, theirs);
            assertLoadable(ours, roles);
            assertPartialSnapshotNamesTheMissingPeer(tmp.resolve("partial"), host, c1);
        }
    }

    /**
     * A namespace with no name, as a Docker container's or the host's own is (held here by a process started with
     * unshare -n), recorded by its file /proc/PID/ns/net through nsenter; its veth to a named namespace is joined by
     * the pair's ifindexes, since ip netns list-id has no name for it.
     */
    @Test
    void aNamespaceRecordedByItsFileIsJoinedToItsPeer(@TempDir Path tmp) throws Exception {
        Kernel.require("ip", "nsenter", "unshare", "sysctl", "iptables-save", "bridge");
        Process holder = new ProcessBuilder("unshare", "-n", "sleep", "120").start();
        try (NetworkNamespace named = NetworkNamespace.create("snapfile")) {
            long pid = holder.pid();
            Path file = Path.of("/proc/" + pid + "/ns/net");
            Await.until(() -> inOwnNamespace(file), "sleep in its own network namespace");
            named.exec("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", Long.toString(pid))
                    .orThrow();
            named.exec("ip", "addr", "add", "10.78.0.1/24", "dev", "va").orThrow();
            named.exec("ip", "link", "set", "va", "up").orThrow();
            Command.run("nsenter", "--net=" + file, "ip", "addr", "add", "10.78.0.2/24", "dev", "vb").orThrow();
            Command.run("nsenter", "--net=" + file, "ip", "link", "set", "vb", "up").orThrow();
            Path out = tmp.resolve("snap");
            SnapshotRecorder.record(List.of(NamespaceRef.parse("a=" + named.name()), NamespaceRef.parse("b=" + file)),
                    out);
            World w = SnapshotLoader.load(out);
            assertThat(w.node("a").iface("va")).isInstanceOfSatisfying(Veth.class,
                    v -> assertThat(v.peer()).isEqualTo(new Endpoint("b", "vb")));
            assertThat(w.node("b").iface("vb")).isInstanceOfSatisfying(Veth.class,
                    v -> assertThat(v.peer()).isEqualTo(new Endpoint("a", "va")));
            assertThat(Files.readString(out.resolve("namespaces.json"))).contains("\"b\": \"" + file + "\"");

            // A named namespace recorded by its file (as one may give a container's /proc/PID/ns/net while
            // ip netns also names it): b's ip netns list-id names its peer's namespace, under a name not recorded.
            Path byFile = tmp.resolve("by-file");
            SnapshotRecorder.record(List.of(NamespaceRef.parse("a=/run/netns/" + named.name()),
                    NamespaceRef.parse("b=" + file)), byFile);
            World w2 = SnapshotLoader.load(byFile);
            assertThat(w2.node("b").iface("vb")).isInstanceOfSatisfying(Veth.class,
                    v -> assertThat(v.peer()).isEqualTo(new Endpoint("a", "va")));
            assertThat(w2.node("a").iface("va")).isInstanceOfSatisfying(Veth.class,
                    v -> assertThat(v.peer()).isEqualTo(new Endpoint("b", "vb")));
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertThatThrownBy(() -> NamespaceRef.parse("/proc/1/ns/net")).hasMessageContaining("needs a role");
        assertThatThrownBy(() -> SnapshotRecorder.record(List.of(NamespaceRef.parse("x=/proc/999999999/ns/net")),
                tmp.resolve("none"))).hasMessageContaining("no namespace file /proc/999999999/ns/net");
    }

    private static boolean inOwnNamespace(Path file) {
        try {
            return !Files.readSymbolicLink(file).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
        } catch (IOException e) {
            return false;
        }
    }

    private static void build(NetworkNamespace host, NetworkNamespace c1, NetworkNamespace ext) {
        Command.run("ip", "-n", host.name(), "link", "add", "veth-c1", "address", "02:00:00:00:0c:01", "type", "veth",
                "peer", "name", "eth0", "address", "02:00:0a:4d:00:02", "netns", c1.name()).orThrow();
        Command.run("ip", "-n", host.name(), "link", "add", "eth0", "address", "02:00:c0:a8:4d:0a", "type", "veth",
                "peer", "name", "eth0", "address", "02:00:c0:a8:4d:14", "netns", ext.name()).orThrow();
        // mcast_snooping off: a snooping bridge that comes up sends IGMP reports, which would move counters
        // between the two snapshots.
        host.exec("ip", "link", "add", "br0", "address", "02:00:0a:4d:00:01", "type", "bridge", "stp_state", "0",
                "mcast_snooping", "0", "nf_call_iptables", "1").orThrow();
        host.exec("ip", "link", "set", "veth-c1", "master", "br0").orThrow();
        host.exec("ip", "link", "set", "veth-c1", "type", "bridge_slave", "hairpin", "on").orThrow();
        host.exec("ip", "addr", "add", "10.77.0.1/24", "dev", "br0").orThrow();
        host.exec("ip", "addr", "add", "192.168.77.10/24", "dev", "eth0").orThrow();
        for (String i : List.of("br0", "veth-c1", "eth0")) {
            host.exec("ip", "link", "set", i, "up").orThrow();
        }
        host.exec("ip", "route", "add", "10.99.0.0/16", "via", "192.168.77.20", "dev", "eth0").orThrow();
        host.exec("ip", "neigh", "add", "192.168.77.20", "lladdr", "02:00:c0:a8:4d:14", "dev", "eth0",
                "nud", "permanent").orThrow();
        host.exec("sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        host.exec("sysctl", "-qw", "net.ipv4.conf.br0.route_localnet=1").orThrow();
        // A veth offloads TX checksums by default; eth0 is turned off, as the fixtures do.
        host.exec("ethtool", "-K", "eth0", "tx", "off").orThrow();
        host.exec(List.of("iptables-restore"), RULES).orThrow();
        // A built-in chain made on the way, as dockerd makes its chains: nf_tables keeps no counters for it.
        host.exec("iptables", "-t", "mangle", "-A", "PREROUTING", "-p", "udp", "--dport", "9", "-j", "DROP")
                .orThrow();
        // What the kernel runs beside that ruleset: an x_tables rule (iptables-legacy) and a table written with nft,
        // with a chain that can change nothing (left out) and one that can.
        host.exec("iptables-legacy", "-A", "INPUT", "-p", "tcp", "--dport", "22", "-j", "DROP").orThrow();
        host.exec("nft", "add table inet fwtest").orThrow();
        host.exec("nft", "add chain inet fwtest input { type filter hook input priority 10; policy drop; }")
                .orThrow();
        host.exec("nft", "add rule inet fwtest input tcp dport 22 accept").orThrow();
        host.exec("nft", "add chain inet fwtest output { type filter hook output priority 0; policy accept; }")
                .orThrow();
        c1.exec("ip", "addr", "add", "10.77.0.2/24", "dev", "eth0").orThrow();
        c1.exec("ip", "link", "set", "eth0", "up").orThrow();
        c1.exec("ip", "route", "add", "default", "via", "10.77.0.1").orThrow();
        ext.exec("ip", "addr", "add", "192.168.77.20/24", "dev", "eth0").orThrow();
        ext.exec("ip", "link", "set", "eth0", "up").orThrow();
    }

    /**
     * A veth's carrier comes up asynchronously (linkwatch) after both ends are up: until then the two tools
     * could read NO-CARRIER and UP for the same link, one after the other.
     */
    private static void awaitCarrier(List<NetworkNamespace> all) {
        ObjectMapper json = new ObjectMapper();
        for (NetworkNamespace ns : all) {
            Await.until(() -> {
                try {
                    for (JsonNode link : json.readTree(ns.exec("ip", "-j", "link").orThrow().stdout())) {
                        String oper = link.path("operstate").asText();
                        if (!oper.equals("UP") && !oper.equals("UNKNOWN")) {
                            return false;
                        }
                    }
                    return true;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "every link in " + ns.name() + " to have carrier");
        }
    }

    private static void assertSameFolders(Path ours, Path theirs) throws IOException {
        List<String> ourFiles = files(ours);
        assertThat(ourFiles).containsExactlyElementsOf(files(theirs));
        // The host's iptables-legacy-save-c.txt and nft-ruleset.txt are the files more: only it has legacy and
        // nf_tables tables.
        assertThat(ourFiles).hasSize(2 + 3 * 15 + 2);
        assertThat(ourFiles).filteredOn(f -> f.endsWith("/iptables-legacy-save-c.txt") || f.endsWith("/nft-ruleset.txt"))
                .hasSize(2).allMatch(f -> f.startsWith("host-"));
        ObjectMapper json = new ObjectMapper();
        for (String f : ourFiles) {
            String a = Files.readString(ours.resolve(f));
            String b = Files.readString(theirs.resolve(f));
            if (f.endsWith("link-stats.json") || f.endsWith("/link.json")) {
                assertThat(steady(json.readTree(a))).as(f).isEqualTo(steady(json.readTree(b)));
            } else if (f.endsWith("-save-c.txt")) {
                assertThat(withoutComments(a)).as(f).isEqualTo(withoutComments(b));
            } else {
                assertThat(a).as(f).isEqualTo(b);
            }
        }
        assertThat(Files.readString(ours.resolve(ourFiles.stream().filter(f -> f.endsWith("/sysctl.txt"))
                .findFirst().orElseThrow()))).contains("net.ipv4.ip_forward = ");
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** Without what changes between two reads of an idle namespace: counters and the bridge's timers. */
    private static JsonNode steady(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith("_timer") || e.getKey().equals("stats64")) {
                    it.remove();
                } else {
                    steady(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(SnapshotRecorderKernelTest::steady);
        }
        return node;
    }

    /** iptables-save's '# Generated by ... on DATE' lines differ by the second. */
    private static String withoutComments(String text) {
        return String.join("\n", text.lines().filter(l -> !l.startsWith("#")).toList());
    }

    /** Only the host: its veths' peers are named by netns but have no role, and the loader says so. */
    private static void assertPartialSnapshotNamesTheMissingPeer(Path dir, NetworkNamespace host, NetworkNamespace c1)
            throws Exception {
        SnapshotRecorder.record(List.of(NamespaceRef.parse(host.name())), dir);
        assertThat(dir.resolve(host.name()).resolve("link.json")).isNotEmptyFile();
        JsonNode peers = new ObjectMapper().readTree(dir.resolve("veth-peers.json").toFile());
        JsonNode toC1 = null;
        for (JsonNode p : peers) {
            if (p.path("ifname").asText().equals("veth-c1")) {
                toC1 = p;
            }
        }
        assertThat(toC1).isNotNull();
        assertThat(toC1.get("peer_role").isNull()).isTrue();
        assertThat(toC1.get("peer_ifname").isNull()).isTrue();
        assertThat(toC1.get("peer_netns").asText()).isEqualTo(c1.name());
        assertThat(toC1.get("peer_ifindex").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> SnapshotLoader.load(dir)).isInstanceOf(SnapshotException.class)
                .hasMessageContaining("not part of the snapshot");
        assertThatThrownBy(() -> SnapshotRecorder.record(List.of(NamespaceRef.parse(host.name())), dir))
                .isInstanceOf(SnapshotRecordException.class).hasMessageContaining("is not empty");
    }

    private static void assertLoadable(Path dir, List<String> roles) throws Exception {
        World w = SnapshotLoader.load(dir);
        assertThat(w.nodes()).extracting(Node::name).containsExactlyElementsOf(roles);
        Node host = w.node(roles.get(0));
        Bridge br0 = (Bridge) host.iface("br0");
        assertThat(br0.nfCallIptables()).isTrue();
        Veth port = (Veth) host.iface("veth-c1");
        assertThat(port.port().bridge()).isEqualTo("br0");
        assertThat(port.port().hairpin()).isTrue();
        assertThat(port.peer()).isEqualTo(new Endpoint(roles.get(1), "eth0"));
        assertThat(((Veth) host.iface("eth0")).peer()).isEqualTo(new Endpoint(roles.get(2), "eth0"));
        assertThat(host.sysctls().ipForward()).isTrue();
        assertThat(host.offloadsChecksums("veth-c1")).isTrue();
        assertThat(host.offloadsChecksums("eth0")).isFalse();
        assertThat(host.sysctls().routeLocalnet("br0")).isTrue();
        assertThat(host.sysctls().routeLocalnet("eth0")).isFalse();
        assertThat(host.routes()).extracting(Route::destination).contains(Cidr.parse("10.99.0.0/16"));
        assertThat(host.neighbours()).anyMatch(n -> n.address().equals(Ipv4Address.parse("192.168.77.20"))
                && n.permanent());
        assertThat(host.ruleset().tables()).extracting(t -> t.name()).contains(TableName.NAT, TableName.FILTER);
        // nft-chains.json: iptables-restore's chains count their policy; the one iptables -A made does not.
        assertThat(host.ruleset().table(TableName.NAT).chain("PREROUTING").policyCounted()).isTrue();
        assertThat(host.ruleset().table(TableName.FILTER).chain("FORWARD").policyCounted()).isTrue();
        assertThat(host.ruleset().table(TableName.MANGLE).chain("PREROUTING").policyCounted()).isFalse();
        assertThat(host.ruleset().table(TableName.MANGLE).chain("INPUT").policyCounted()).isFalse();
        assertThat(w.node(roles.get(1)).routes()).extracting(Route::gateway)
                .containsExactly(Ipv4Address.parse("10.77.0.1"));
        // Beside the simulated ruleset: nft's chain and the legacy INPUT chain, each able to drop; not the chains
        // that can change nothing (nft's output chain, legacy FORWARD and OUTPUT), nor iptables-nft's own.
        assertThat(host.unsimulated()).containsExactly(
                new UnsimulatedChain(UnsimulatedChain.Origin.NFTABLES, "inet", "fwtest", "input", "input", null, 10,
                        "drop", 1),
                new UnsimulatedChain(UnsimulatedChain.Origin.IPTABLES_LEGACY, "ip", "filter", "INPUT", "input", null,
                        0, "accept", 1));
        assertThat(w.node(roles.get(1)).unsimulated()).isEmpty();
    }
}
