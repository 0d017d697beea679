package io.bridgelab.plugin.driver;

import static io.bridgelab.plugin.driver.DriverFixture.endpoint;
import static io.bridgelab.plugin.driver.DriverFixture.network;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.dataplane.Dataplane;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.dataplane.KernelState;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.dataplane.SimulatedDataplane;
import io.bridgelab.plugin.firewall.RuleEntry;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit of CreateEndpoint and Join against the simulated dataplane. */
class EndpointGroupCommitTest {
    static final String NET = "9a9a9a9a9a9a9a9a";

    @TempDir
    Path dir;
    StateStore store;
    SimulatedDataplane kernel;
    final List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
    final SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();

    /** The simulated kernel, counting the plans of each grouped apply. */
    final class Counting implements Dataplane {
        @Override
        public void apply(Plan plan) {
            kernel.apply(plan);
        }

        @Override
        public List<DataplaneException> applyGroup(List<Plan> plans) {
            groupSizes.add(plans.size());
            return kernel.applyGroup(plans);
        }

        @Override
        public void ensureBase() {
            kernel.ensureBase();
        }

        @Override
        public KernelState observe() {
            return kernel.observe();
        }

        @Override
        public void replaceOwnedRules(List<RuleEntry> entries) {
            kernel.replaceOwnedRules(entries);
        }
    }

    @BeforeEach
    void setUp() {
        store = StateStore.open(dir);
        kernel = new SimulatedDataplane(renderer);
        kernel.ensureBase();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static String ep(int i) {
        return String.format("%02dee0000000000000000", i);
    }

    /** Runs every task on its own thread at once; their results in order (exceptions rethrown). */
    static <T> List<Future<T>> concurrently(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> out = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aForcedGroupOfEightGetsDistinctAddressesInOneKernelRound() throws Exception {
        BridgeNetworkDriver driver = new BridgeNetworkDriver(store, new Counting(), 8);
        driver.createNetwork(network(NET, "172.21.0.0/24", "172.21.0.1/24", Map.of()));
        List<Callable<CreateEndpointResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = ep(i);
            calls.add(() -> driver.createEndpoint(endpoint(NET, id, "")));
        }
        List<String> addresses = new ArrayList<>();
        for (Future<CreateEndpointResponse> f : concurrently(calls)) {
            addresses.add(f.get().endpointInterface().address());
        }
        assertThat(groupSizes).containsExactly(8);
        assertThat(addresses).doesNotHaveDuplicates().hasSize(8).allMatch(a -> a.startsWith("172.21.0."));
        assertThat(store.endpoints()).extracting(EndpointState::address).containsExactlyInAnyOrderElementsOf(addresses);
        assertThat(new Reconciler(store, kernel, renderer).diff().inSync()).isTrue();
    }

    @Test
    void aMemberRefusedByTheKernelFailsAloneAndLeavesNothing() throws Exception {
        BridgeNetworkDriver driver = new BridgeNetworkDriver(store, new Counting(), 5);
        driver.createNetwork(network(NET, "172.21.0.0/24", "172.21.0.1/24", Map.of()));
        String bad = ep(2);
        kernel.failWhen(op -> op.startsWith("link add " + Plans.hostVeth(bad)));
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = ep(i);
            calls.add(() -> driver.createEndpoint(endpoint(NET, id, "")));
        }
        // A request refused before the kernel (the gateway's address) fails alone too.
        calls.add(() -> driver.createEndpoint(endpoint(NET, ep(7), "172.21.0.1/24")));
        List<Future<Object>> results = concurrently(calls);
        assertThat(groupSizes).as("the four valid requests went to the kernel as one group").containsExactly(4);
        for (int i = 0; i < 5; i++) {
            Future<Object> f = results.get(i);
            if (i == 2) {
                assertThat(f).failsWithin(java.time.Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withMessageContaining("injected failure").withMessageContaining("rolled back");
            } else if (i == 4) {
                assertThat(f).failsWithin(java.time.Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withMessageContaining("is the gateway");
            } else {
                assertThat(f).succeedsWithin(java.time.Duration.ZERO);
            }
        }
        assertThat(store.endpoints()).extracting(EndpointState::id).containsExactlyInAnyOrder(ep(0), ep(1), ep(3));
        List<String> links = kernel.observe().links().stream().map(KernelState.Link::name).toList();
        assertThat(links).contains(Plans.hostVeth(ep(0)), Plans.hostVeth(ep(1)), Plans.hostVeth(ep(3)))
                .doesNotContain(Plans.hostVeth(bad), Plans.hostVeth(ep(7)));
        assertThat(new Reconciler(store, kernel, renderer).diff().inSync()).isTrue();
    }

    @Test
    void joinsQueuedTogetherAreStoredTogetherEachWithItsSandbox() throws Exception {
        BridgeNetworkDriver driver = new BridgeNetworkDriver(store, new Counting(), 1);
        driver.createNetwork(network(NET, "172.21.0.0/24", "172.21.0.1/24", Map.of()));
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = ep(i);
            calls.add(() -> {
                driver.createEndpoint(endpoint(NET, id, ""));
                return driver.join(new JoinRequest(NET, id, "/var/run/docker/netns/" + id, Map.of()));
            });
        }
        calls.add(() -> driver.join(new JoinRequest(NET, "ffff", "/x", Map.of())));
        List<Future<Object>> results = concurrently(calls);
        for (int i = 0; i < 12; i++) {
            assertThat(results.get(i)).succeedsWithin(java.time.Duration.ZERO);
        }
        assertThat(results.get(12)).failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class).withMessageContaining("unknown endpoint ffff");
        assertThat(store.endpoints()).hasSize(12)
                .allMatch(e -> e.sandbox().equals("/var/run/docker/netns/" + e.id()))
                .extracting(EndpointState::ip).doesNotHaveDuplicates();
        assertThat(groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
    }
}
