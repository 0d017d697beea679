package io.bridgelab.plugin.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.plugin.api.CreateEndpointRequest;
import io.bridgelab.plugin.api.CreateNetworkRequest;
import io.bridgelab.plugin.api.EndpointInterface;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.ExternalConnectivityRequest;
import io.bridgelab.plugin.api.IpamData;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.NetworkRequest;
import io.bridgelab.plugin.driver.BridgeNetworkDriver;
import io.bridgelab.plugin.driver.Reconciler;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.firewall.NetworkRules;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux dataplane against the real kernel, always inside throwaway namespaces: "host" plays the
 * machine the plugin runs on, "ctr" a container's sandbox (dockerd's part: move the peer in, address it),
 * "out" a machine outside reaching published ports through a veth to the host.
 */
class LinuxDataplaneTest {
    private final SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();

    @TempDir
    Path dir;

    @Test
    void baseIsIdempotentAndRespectsDockerUser() {
        Kernel.require("ip", "iptables-restore", "iptables-save");
        try (NetworkNamespace host = NetworkNamespace.create("np-base")) {
            host.exec(List.of("iptables-restore", "--noflush"), "*filter\n:DOCKER-USER - [0:0]\n"
                    + "-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -j RETURN\nCOMMIT\n").orThrow();
            LinuxDataplane dp = LinuxDataplane.inNamespace(host.name(), renderer);
            dp.ensureBase();
            dp.ensureBase();
            String save = host.exec("iptables-save").orThrow().stdout();
            assertThat(save).contains("-A FORWARD -j DOCKER-USER\n-A FORWARD -m comment --comment \"netplugin:base\" -j NETPLUGIN-FORWARD\n");
            assertThat(save.split("-j NETPLUGIN-FORWARD", -1)).hasSize(2);
            assertThat(save).contains("-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment \"netplugin:base\" -j NETPLUGIN");
            assertThat(host.exec("sysctl", "-n", "net.ipv4.ip_forward").stdout().strip()).isEqualTo("1");
        }
    }

    @Test
    void failedRulesStepRemovesTheBridgeAgain() {
        Kernel.require("ip", "iptables-restore", "iptables-save");
        try (NetworkNamespace host = NetworkNamespace.create("np-rb")) {
            LinuxDataplane dp = LinuxDataplane.inNamespace(host.name(), renderer);
            dp.ensureBase();
            NetworkState n = new NetworkState("rollback1", "np-rb0", "10.77.0.0/24", "10.77.0.1/24", 1500, true, true,
                    false, null, "eth");
            // Deleting rules that were never added fails inside iptables-restore, after the bridge exists.
            Plan plan = new Plan("test", List.of(new Step.Links(List.of(new LinkOp.CreateBridge("np-rb0", "netplugin:net:x",
                    "10.77.0.1/24", 1500))), new Step.Rules(NetworkRules.of(n), false)));
            assertThatThrownBy(() -> dp.apply(plan)).isInstanceOf(DataplaneException.class)
                    .hasMessageContaining("step 2 failed").hasMessageContaining("(rolled back)");
            assertThat(host.exec("ip", "link", "show", "np-rb0").ok()).isFalse();
            // A half-applied ip batch: the bridge is created, the address line fails, the bridge is removed.
            Plan bad = new Plan("bad", List.of(new Step.Links(List.of(new LinkOp.CreateBridge("np-rb1", "netplugin:net:y",
                    "10.77.0.1/99", 1500)))));
            assertThatThrownBy(() -> dp.apply(bad)).hasMessageContaining("10.77.0.1/99").hasMessageContaining("(rolled back)");
            assertThat(host.exec("ip", "link", "show", "np-rb1").ok()).isFalse();
        }
    }

    @Test
    void persistentIpSessionAppliesBatchesStopsAtTheFailingLineAndRestarts() {
        Kernel.require("ip", "iptables-restore", "iptables-save");
        try (NetworkNamespace host = NetworkNamespace.create("np-ses");
             LinuxDataplane dp = new LinuxDataplane(List.of("ip", "netns", "exec", host.name()), renderer, true)) {
            dp.apply(new Plan("ok", List.of(new Step.Links(List.of(new LinkOp.CreateBridge("np-s0", "netplugin:net:a",
                    "10.78.0.1/24", 1500))))));
            assertThat(host.exec("ip", "-o", "addr", "show", "dev", "np-s0").stdout()).contains("10.78.0.1/24");
            // A bad prefix makes ip exit from its argument parser (no "Command failed" line): every op counts
            // as started, so the first bridge and the half-made second one are removed again.
            Plan bad = new Plan("bad", List.of(new Step.Links(List.of(
                    new LinkOp.CreateBridge("np-s1", "netplugin:net:b", "10.78.1.1/24", 1500),
                    new LinkOp.CreateBridge("np-s2", "netplugin:net:c", "10.78.2.1/99", 1500)))));
            assertThatThrownBy(() -> dp.apply(bad)).hasMessageContaining("10.78.2.1/99")
                    .hasMessageContaining("(rolled back)");
            assertThat(host.exec("ip", "link", "show", "np-s1").ok()).isFalse();
            assertThat(host.exec("ip", "link", "show", "np-s2").ok()).isFalse();
            // A kernel refusal names its line (counted from the new session's start): the op whose first line
            // failed did not start, so rollback removes np-s3 but leaves the existing np-s0 alone.
            Plan dup = new Plan("dup", List.of(new Step.Links(List.of(
                    new LinkOp.CreateBridge("np-s3", "netplugin:net:d", "10.78.3.1/24", 1500),
                    new LinkOp.CreateBridge("np-s0", "netplugin:net:e", "10.78.4.1/24", 1500)))));
            assertThatThrownBy(() -> dp.apply(dup)).hasMessageContaining("at 'link add name np-s0 mtu 1500 type bridge'")
                    .hasMessageContaining("(rolled back)");
            assertThat(host.exec("ip", "link", "show", "np-s3").ok()).isFalse();
            assertThat(host.exec("ip", "link", "show", "np-s0").ok()).isTrue();
            dp.apply(new Plan("after", List.of(new Step.Links(List.of(new LinkOp.DeleteLink("np-s0", true))))));
            assertThat(host.exec("ip", "link", "show", "np-s0").ok()).isFalse();
        }
    }

    @Test
    void publishedPortIsReachableFromOutsideLocalhostAndHairpinAndLeavesNothing() throws Exception {
        Kernel.require("ip", "iptables-restore", "iptables-save", "busybox");
        try (NetworkNamespace host = NetworkNamespace.create("np-host");
             NetworkNamespace ctr = NetworkNamespace.create("np-ctr");
             NetworkNamespace out = NetworkNamespace.create("np-out");
             StateStore store = StateStore.open(dir.resolve("state"))) {
            // out <-> host link, 10.99.0.0/24.
            Command.run("ip", "link", "add", "np-o", "netns", out.name(), "type", "veth", "peer", "name", "np-h",
                    "netns", host.name()).orThrow();
            host.exec("ip", "addr", "add", "10.99.0.1/24", "dev", "np-h").orThrow();
            host.exec("ip", "link", "set", "np-h", "up").orThrow();
            out.exec("ip", "addr", "add", "10.99.0.2/24", "dev", "np-o").orThrow();
            out.exec("ip", "link", "set", "np-o", "up").orThrow();

            LinuxDataplane dp = LinuxDataplane.inNamespace(host.name(), renderer);
            Reconciler reconciler = new Reconciler(store, dp, renderer);
            reconciler.reconcile();
            BridgeNetworkDriver driver = new BridgeNetworkDriver(store, dp);
            String net = "a1b2c3d4e5f6a7b8";
            String ep = "e1e2e3e4e5e6e7e8";
            driver.createNetwork(new CreateNetworkRequest(net, Map.of("com.docker.network.generic", Map.of()),
                    List.of(new IpamData("x", "172.30.0.0/24", "172.30.0.1/24", Map.of())), List.of()));
            driver.createEndpoint(new CreateEndpointRequest(net, ep, Map.of(),
                    new EndpointInterface("172.30.0.2/24", null, null)));
            String src = driver.join(new JoinRequest(net, ep, "/proc/x", Map.of())).interfaceName().srcName();
            driver.programExternalConnectivity(new ExternalConnectivityRequest(net, ep, Map.of(
                    "com.docker.network.portmap", List.of(Map.of("Proto", 6, "Port", 80, "HostPort", 8080,
                            "HostPortEnd", 8080), Map.of("Proto", 6, "Port", 81, "HostPort", 8090,
                            "HostPortEnd", 8090)))));
            // Two container ports: the ACCEPT and hairpin rules are one multiport rule each (80:81).
            assertThat(host.exec("iptables-save").orThrow().stdout()).contains("-m multiport --dports 80:81 ");
            assertThat(reconciler.diff().render()).isEqualTo("store and kernel in sync\n");

            // dockerd's part of Join: move the peer into the sandbox, rename, address, default route.
            host.exec("ip", "link", "set", src, "netns", ctr.name()).orThrow();
            ctr.exec("ip", "link", "set", src, "name", "eth0").orThrow();
            ctr.exec("ip", "addr", "add", "172.30.0.2/24", "dev", "eth0").orThrow();
            ctr.exec("ip", "link", "set", "eth0", "up").orThrow();
            ctr.exec("ip", "route", "add", "default", "via", "172.30.0.1").orThrow();
            assertThat(ctr.exec("ip", "link", "show", "eth0").stdout()).contains("02:42:ac:1e:00:02");

            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("index.html"), "hello from the container\n");
            Process server = new ProcessBuilder("ip", "netns", "exec", ctr.name(), "busybox", "httpd", "-f", "-p", "80",
                    "-h", www.toString()).redirectErrorStream(true).start();
            try {
                waitForListener(ctr);
                assertThat(get(out, "10.99.0.1", 8080)).contains("hello from the container");
                assertThat(get(host, "127.0.0.1", 8080)).as("localhost, no proxy").contains("hello from the container");
                assertThat(get(ctr, "10.99.0.1", 8080)).as("hairpin").contains("hello from the container");
                assertThat(get(out, "10.99.0.1", 8081)).doesNotContain("hello");
            } finally {
                server.destroy();
                server.waitFor();
            }
            driver.revokeExternalConnectivity(new ExternalConnectivityRequest(net, ep, Map.of()));
            driver.leave(new EndpointRequest(net, ep));
            driver.deleteEndpoint(new EndpointRequest(net, ep));
            driver.deleteNetwork(new NetworkRequest(net));
            assertThat(reconciler.diff().inSync()).isTrue();
            String save = host.exec("iptables-save").orThrow().stdout();
            assertThat(save).doesNotContain("netplugin:net:").doesNotContain("netplugin:ep:");
            assertThat(host.exec("ip", "-o", "link").stdout()).doesNotContain("br-a1b2c3d4e5f6").doesNotContain("npv");
        }
    }

    @Test
    void reconcileRepairsAfterTheKernelChangedBehindThePlugin() {
        Kernel.require("ip", "iptables-restore", "iptables-save");
        try (NetworkNamespace host = NetworkNamespace.create("np-rec");
             StateStore store = StateStore.open(dir.resolve("s2"))) {
            LinuxDataplane dp = LinuxDataplane.inNamespace(host.name(), renderer);
            Reconciler reconciler = new Reconciler(store, dp, renderer);
            reconciler.reconcile();
            BridgeNetworkDriver driver = new BridgeNetworkDriver(store, dp);
            driver.createNetwork(new CreateNetworkRequest("recnet1", Map.of("com.docker.network.generic",
                    Map.of("com.docker.network.bridge.enable_icc", "false")),
                    List.of(new IpamData("x", "172.31.0.0/24", "172.31.0.1/24", Map.of())), List.of()));
            driver.createEndpoint(new CreateEndpointRequest("recnet1", "recep1", Map.of(),
                    new EndpointInterface("172.31.0.5/24", null, null)));
            host.exec("ip", "link", "del", "br-recnet1").orThrow();
            host.exec("ip", "link", "add", "npvleaked1", "type", "veth", "peer", "name", "npcleaked1").orThrow();
            host.exec("ip", "link", "set", "npvleaked1", "alias", "netplugin:ep:leaked1").orThrow();
            host.exec("iptables", "-w", "-t", "nat", "-A", "NETPLUGIN", "-p", "tcp", "--dport", "9",
                    "-j", "DNAT", "--to-destination", "1.2.3.4:9").orThrow();
            var before = reconciler.diff();
            assertThat(before.missingLinks()).containsExactly("br-recnet1 (bridge of network recnet1)",
                    "npvrecep1 on bridge br-recnet1 (endpoint recep1)");
            assertThat(before.leakedLinks()).containsExactly("npvleaked1 (netplugin:ep:leaked1)");
            assertThat(before.leakedRules()).hasSize(1);
            reconciler.reconcile();
            assertThat(reconciler.diff().render()).isEqualTo("store and kernel in sync\n");
            assertThat(host.exec("ip", "-o", "link", "show", "master", "br-recnet1").stdout()).contains("npvrecep1");
            // The hook jump deleted by hand (a firewall script's 'iptables -F FORWARD' does the same): the owned
            // chains still match the store, but no forwarded packet reaches them.
            host.exec("iptables", "-w", "-D", "FORWARD", "-m", "comment", "--comment", "netplugin:base",
                    "-j", "NETPLUGIN-FORWARD").orThrow();
            assertThat(reconciler.diff().render()).isEqualTo("missing rule: filter -A FORWARD -m comment --comment "
                    + "\"netplugin:base\" -j NETPLUGIN-FORWARD\n");
            reconciler.reconcile();
            assertThat(reconciler.diff().inSync()).isTrue();
        }
    }

    @Test
    void bulkPortWithdrawalKeepsOtherRulesAndRefusesAbsentOnes() {
        Kernel.require("ip", "iptables-restore", "iptables-save");
        try (NetworkNamespace host = NetworkNamespace.create("np-bulk");
             StateStore store = StateStore.open(dir.resolve("s3"))) {
            LinuxDataplane dp = LinuxDataplane.inNamespace(host.name(), renderer);
            Reconciler reconciler = new Reconciler(store, dp, renderer);
            reconciler.reconcile();
            BridgeNetworkDriver driver = new BridgeNetworkDriver(store, dp);
            driver.createNetwork(new CreateNetworkRequest("bulknet", Map.of(),
                    List.of(new IpamData("x", "172.26.0.0/24", "172.26.0.1/24", Map.of())), List.of()));
            for (String ep : List.of("bulkep1", "bulkep2")) {
                driver.createEndpoint(new CreateEndpointRequest("bulknet", ep, Map.of(), EndpointInterface.EMPTY));
            }
            List<Map<String, Object>> many = new java.util.ArrayList<>();
            for (int p = 0; p < 200; p++) {
                many.add(Map.of("Proto", 6, "Port", 20000 + p, "HostPort", 20000 + p, "HostPortEnd", 20000 + p));
            }
            driver.programExternalConnectivity(new ExternalConnectivityRequest("bulknet", "bulkep1",
                    Map.of("com.docker.network.portmap", many)));
            driver.programExternalConnectivity(new ExternalConnectivityRequest("bulknet", "bulkep2",
                    Map.of("com.docker.network.portmap", List.of(Map.of("Proto", 17, "Port", 53, "HostPort", 53)))));
            var ep1 = store.endpoint("bulkep1").orElseThrow();
            var net = store.network("bulknet").orElseThrow();
            driver.revokeExternalConnectivity(new ExternalConnectivityRequest("bulknet", "bulkep1", Map.of()));
            assertThat(reconciler.diff().render()).isEqualTo("store and kernel in sync\n");
            String save = host.exec("iptables-save").orThrow().stdout();
            assertThat(save).contains("--dport 53 ").doesNotContain("--dport 20000 ");
            // The bulk path refuses, like -D, to delete what is not there, and changes nothing then.
            assertThatThrownBy(() -> dp.apply(io.bridgelab.plugin.driver.Plans.ports(net, ep1, false)))
                    .hasMessageContaining("cannot delete absent rule");
            assertThat(withoutDates(host.exec("iptables-save").orThrow().stdout())).isEqualTo(withoutDates(save));
        }
    }

    /**
     * One iptables-restore carries both tables; iptables-nft commits nat at its COMMIT before filter's line
     * fails, so nat must be undone: for additions, and for a bulk deletion (nat rebuilt from iptables-save)
     * whose filter part refuses an absent rule.
     */
    @Test
    void aFailingSecondTableUndoesTheFirstInTheSingleRestore() {
        Kernel.require("ip", "iptables-restore", "iptables-save");
        try (NetworkNamespace host = NetworkNamespace.create("np-2t")) {
            LinuxDataplane dp = LinuxDataplane.inNamespace(host.name(), renderer);
            dp.ensureBase();
            NetworkState n = new NetworkState("twotables", "np-2t0", "10.78.0.0/24", "10.78.0.1/24", 1500, true, true,
                    false, null, "eth");
            List<io.bridgelab.plugin.store.PortMapping> ports = new java.util.ArrayList<>();
            for (int p = 30000; p < 30070; p++) {
                ports.add(new io.bridgelab.plugin.store.PortMapping("tcp", null, p, "10.78.0.2", p));
            }
            var e = new io.bridgelab.plugin.store.EndpointState("twotablesep", n.id(), "10.78.0.2/24",
                    "02:42:0a:4e:00:02", "npvx", "npcx", null, ports);
            List<io.bridgelab.plugin.firewall.RuleEntry> rules = io.bridgelab.plugin.firewall.PortRules.of(n, e);
            assertThat(rules.stream().filter(r -> r.table() == io.bridgelab.netfilter.rule.TableName.NAT).count())
                    .as("enough nat rules for the bulk (rebuild) deletion").isGreaterThan(LinuxDataplane.BULK_DELETE);
            String before = host.exec("iptables-save").orThrow().stdout();
            // nat first, then a filter rule in a chain that does not exist: the filter line fails.
            List<io.bridgelab.plugin.firewall.RuleEntry> withBadFilter = new java.util.ArrayList<>(rules.stream()
                    .filter(r -> r.table() == io.bridgelab.netfilter.rule.TableName.NAT).toList());
            withBadFilter.add(new io.bridgelab.plugin.firewall.RuleEntry(io.bridgelab.netfilter.rule.TableName.FILTER,
                    "NO-SUCH-CHAIN", rules.stream().filter(r -> r.table() == io.bridgelab.netfilter.rule.TableName.FILTER)
                    .findFirst().orElseThrow().rule()));
            assertThatThrownBy(() -> dp.apply(new Plan("bad add", List.of(new Step.Rules(withBadFilter, true)))))
                    .hasMessageContaining("adding 1 filter rules failed").hasMessageContaining("(rolled back)");
            assertThat(withoutDates(host.exec("iptables-save").orThrow().stdout())).isEqualTo(withoutDates(before));

            dp.apply(new Plan("add", List.of(new Step.Rules(rules, true))));
            String added = host.exec("iptables-save").orThrow().stdout();
            assertThat(added).contains("--dport 30069 ").contains("-m multiport --dports 30000:30069 ");
            // Deleting every rule plus one filter rule that is not there: nat is rebuilt and committed,
            // filter's -D fails, nat comes back.
            List<io.bridgelab.plugin.firewall.RuleEntry> withAbsent = new java.util.ArrayList<>(rules);
            withAbsent.add(new io.bridgelab.plugin.firewall.RuleEntry(io.bridgelab.netfilter.rule.TableName.FILTER,
                    io.bridgelab.plugin.firewall.OwnedChains.PORTS, io.bridgelab.plugin.firewall.PortRules.of(n,
                    e.withPorts(List.of(new io.bridgelab.plugin.store.PortMapping("udp", null, 9, "10.78.0.2", 9))))
                    .stream().filter(r -> r.table() == io.bridgelab.netfilter.rule.TableName.FILTER).findFirst()
                    .orElseThrow().rule()));
            assertThatThrownBy(() -> dp.apply(new Plan("bad delete", List.of(new Step.Rules(withAbsent, false)))))
                    .hasMessageContaining("deleting 2 filter rules failed").hasMessageContaining("(rolled back)");
            List<String> after = withoutDates(host.exec("iptables-save").orThrow().stdout());
            assertThat(after).containsExactlyInAnyOrderElementsOf(withoutDates(added));
        }
    }

    private static List<String> withoutDates(String save) {
        return save.lines().filter(l -> !l.startsWith("#")).toList();
    }

    private static void waitForListener(NetworkNamespace ns) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ns.exec("busybox", "netstat", "-ltn").stdout().contains(":80 ")) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("httpd did not listen in " + ns);
    }

    private static String get(NetworkNamespace from, String ip, int port) {
        return from.exec(List.of("busybox", "nc", "-w", "3", ip, Integer.toString(port)),
                "GET / HTTP/1.0\r\n\r\n").stdout();
    }
}
