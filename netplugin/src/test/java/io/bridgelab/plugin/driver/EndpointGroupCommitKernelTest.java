package io.bridgelab.plugin.driver;

import static io.bridgelab.plugin.driver.DriverFixture.endpoint;
import static io.bridgelab.plugin.driver.DriverFixture.network;
import static io.bridgelab.plugin.driver.EndpointGroupCommitTest.concurrently;
import static io.bridgelab.plugin.driver.EndpointGroupCommitTest.ep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.dataplane.LinuxDataplane;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit against the real kernel, in throwaway namespaces, through the serving plugin's long-lived
 * {@code ip -batch} session: many concurrent CreateEndpoint calls, and a group with a member the kernel
 * refuses.
 */
class EndpointGroupCommitKernelTest {
    static final String NET = "7b7b7b7b7b7b7b7b";
    final SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();

    @TempDir
    Path dir;

    /** name -> the link's JSON ({@code ip -j -d link show}) in {@code ns}. */
    static Map<String, JsonNode> links(NetworkNamespace ns) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(ns.exec("ip", "-j", "-d", "link", "show").orThrow().stdout())) {
            out.put(n.path("ifname").asText(), n);
        }
        return out;
    }

    @Test
    void thirtyConcurrentCreateEndpointsGetDistinctAddressesAndTheirVeths() throws Exception {
        Kernel.require("ip", "iptables-restore", "iptables-save", "sysctl");
        try (NetworkNamespace ns = NetworkNamespace.create("np-grp");
             StateStore store = StateStore.open(dir);
             LinuxDataplane dp = new LinuxDataplane(List.of("ip", "netns", "exec", ns.name()), renderer, true)) {
            new Reconciler(store, dp, renderer).reconcile();
            BridgeNetworkDriver driver = new BridgeNetworkDriver(store, dp, 1);
            driver.createNetwork(network(NET, "10.62.0.0/24", "10.62.0.1/24",
                    Map.of("com.docker.network.bridge.name", "np-grp0")));
            List<Callable<CreateEndpointResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String id = ep(i);
                calls.add(() -> driver.createEndpoint(endpoint(NET, id, "")));
            }
            List<String> addresses = new ArrayList<>();
            for (Future<CreateEndpointResponse> f : concurrently(calls)) {
                addresses.add(f.get().endpointInterface().address());
            }
            assertThat(addresses).hasSize(30).doesNotHaveDuplicates();
            Map<String, JsonNode> links = links(ns);
            for (EndpointState e : store.endpoints()) {
                JsonNode veth = links.get(e.hostVeth());
                assertThat(veth).as("veth of %s", e.shortId()).isNotNull();
                assertThat(veth.path("master").asText()).isEqualTo("np-grp0");
                assertThat(veth.path("ifalias").asText()).isEqualTo(Plans.vethAlias(e));
                assertThat(links.get(e.peerVeth()).path("address").asText()).isEqualTo(e.mac());
            }
            assertThat(store.endpoints()).hasSize(30);
            assertThat(new Reconciler(store, dp, renderer).diff().render()).isEqualTo("store and kernel in sync\n");
        }
    }

    @Test
    void aMemberTheKernelRefusesFailsAloneAndItsNameClashIsLeftUntouched() throws Exception {
        Kernel.require("ip", "iptables-restore", "iptables-save", "sysctl");
        try (NetworkNamespace ns = NetworkNamespace.create("np-grpf");
             StateStore store = StateStore.open(dir);
             LinuxDataplane dp = new LinuxDataplane(List.of("ip", "netns", "exec", ns.name()), renderer, true)) {
            new Reconciler(store, dp, renderer).reconcile();
            BridgeNetworkDriver driver = new BridgeNetworkDriver(store, dp, 5);
            driver.createNetwork(network(NET, "10.63.0.0/24", "10.63.0.1/24",
                    Map.of("com.docker.network.bridge.name", "np-grpf0")));
            // Someone else's link already has the host veth name of request 2: the kernel refuses its veth
            // in the middle of the group's ip batch.
            String bad = ep(2);
            ns.exec("ip", "link", "add", Plans.hostVeth(bad), "type", "bridge").orThrow();
            List<Callable<CreateEndpointResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = ep(i);
                calls.add(() -> driver.createEndpoint(endpoint(NET, id, "")));
            }
            List<Future<CreateEndpointResponse>> results = concurrently(calls);
            for (int i = 0; i < 5; i++) {
                if (i == 2) {
                    assertThat(results.get(i)).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                            .withMessageContaining("File exists").withMessageContaining("rolled back");
                } else {
                    assertThat(results.get(i)).succeedsWithin(Duration.ZERO);
                }
            }
            Map<String, JsonNode> links = links(ns);
            JsonNode clash = links.get(Plans.hostVeth(bad));
            assertThat(clash.path("linkinfo").path("info_kind").asText()).isEqualTo("bridge");
            assertThat(clash.has("ifalias")).as("the foreign link was not touched").isFalse();
            assertThat(links).doesNotContainKey(Plans.peerVeth(bad));
            for (int i : new int[] {0, 1, 3, 4}) {
                assertThat(links.get(Plans.hostVeth(ep(i))).path("master").asText()).isEqualTo("np-grpf0");
            }
            assertThat(store.endpoints()).extracting(EndpointState::id)
                    .containsExactlyInAnyOrder(ep(0), ep(1), ep(3), ep(4));
            assertThat(new Reconciler(store, dp, renderer).diff().render()).isEqualTo("store and kernel in sync\n");
        }
    }
}
