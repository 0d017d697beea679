package io.bridgelab.plugin.driver;

import static io.bridgelab.plugin.driver.DriverFixture.endpoint;
import static io.bridgelab.plugin.driver.DriverFixture.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bridgelab.plugin.api.CreateEndpointResponse;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.JoinRequest;
import io.bridgelab.plugin.api.JoinResponse;
import io.bridgelab.plugin.api.NetworkRequest;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spare veths on the simulated dataplane. The refiller is a queue the test runs by hand, so "made in the
 * background" and "made before the call" are distinct, observable moments.
 */
class SpareVethsTest {
    static final String NET = "995e2caec5d2aaaabbbbcccc";
    static final String NET2 = "7777777777770000";
    static final String EP = "0123456789abcdef0123";

    /** Runs nothing until asked: the background thread of the real server, made explicit. */
    static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        /** Runs the queued tasks (and those they queue) until none is left; how many ran. */
        int runAll() {
            int n = 0;
            Runnable r;
            while ((r = poll()) != null) {
                r.run();
                n++;
            }
            return n;
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    @TempDir
    Path dir;
    StateStore store;
    SimulatedDataplane kernel;
    final ManualExecutor refiller = new ManualExecutor();
    final SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();

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

    private BridgeNetworkDriver driver(int spares) {
        return new BridgeNetworkDriver(store, kernel, new SpareVeths(kernel, spares, refiller));
    }

    private List<KernelState.Link> spareLinks() {
        return kernel.observe().links().stream()
                .filter(l -> l.alias() != null && l.alias().startsWith(SpareVeths.ALIAS)).toList();
    }

    private List<String> linkNames() {
        return kernel.observe().links().stream().map(KernelState.Link::name).toList();
    }

    @Test
    void createEndpointTakesAReadySpareWithoutAKernelChange() {
        BridgeNetworkDriver driver = driver(2);
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        assertThat(spareLinks()).isEmpty();
        assertThat(refiller.runAll()).as("one refill task, one kernel batch, for both spares").isEqualTo(1);
        assertThat(spareLinks()).hasSize(2).allSatisfy(l -> {
            assertThat(l.name()).matches("npvs[0-9a-f]{11}");
            assertThat(l.master()).isEqualTo("br-995e2caec5d2");
            assertThat(l.alias()).isEqualTo("netplugin:spare:995e2caec5d2");
        });
        List<String> before = kernel.log();

        CreateEndpointResponse created = driver.createEndpoint(endpoint(NET, EP, ""));

        assertThat(kernel.log()).as("no kernel change in the call").isEqualTo(before);
        assertThat(created.endpointInterface().address()).isEqualTo("172.20.0.2/16");
        assertThat(created.endpointInterface().macAddress()).isEqualTo("02:42:ac:14:00:02");
        EndpointState stored = store.endpoints().get(0);
        assertThat(stored.hostVeth()).matches("npvs[0-9a-f]{11}");
        assertThat(stored.peerVeth()).isEqualTo("npc" + stored.hostVeth().substring(3));
        assertThat(linkNames()).contains(stored.hostVeth(), stored.peerVeth());
        JoinResponse joined = driver.join(new JoinRequest(NET, EP, "/var/run/docker/netns/x", Map.of()));
        assertThat(joined.interfaceName().srcName()).isEqualTo(stored.peerVeth());
        assertThat(driver.endpointOperInfo(new EndpointRequest(NET, EP)).value()).containsEntry("hostVeth",
                stored.hostVeth());

        // The one taken is replaced in the background.
        assertThat(refiller.runAll()).isEqualTo(1);
        assertThat(spareLinks()).hasSize(3);
        var status = new Reconciler(store, kernel, renderer).diff();
        assertThat(status.inSync()).as(status.render()).isTrue();
        assertThat(status.spares()).hasSize(2);
        assertThat(status.render()).contains("store and kernel in sync", "spare veth (made ahead for CreateEndpoint): npvs");
    }

    /**
     * Takes that come while the refiller is busy are made up for together: a refill counts what is lacking
     * when it runs. With one round per spare the refiller fell behind a burst of container starts.
     */
    @Test
    void takesWhileARefillIsQueuedAreMadeUpInOneRound() {
        BridgeNetworkDriver driver = driver(3);
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        assertThat(refiller.runAll()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            driver.createEndpoint(endpoint(NET, "e" + i + "00000000000000", ""));
        }
        assertThat(spareLinks()).as("the three spares were taken (they keep their alias)").hasSize(3);
        List<String> before = kernel.log();
        assertThat(refiller.runAll()).as("one refill for three takes").isEqualTo(1);
        assertThat(kernel.log().subList(before.size(), kernel.log().size()))
                .filteredOn(op -> op.startsWith("link add ")).hasSize(3);
        assertThat(spareLinks()).hasSize(6);
        assertThat(refiller.runAll()).as("nothing lacking, nothing queued").isZero();
    }

    @Test
    void withNoSpareReadyTheCallMakesItsOwnVeth() {
        BridgeNetworkDriver driver = driver(1);
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        driver.createEndpoint(endpoint(NET, EP, "172.20.0.9/16"));
        assertThat(store.endpoints().get(0).hostVeth()).isEqualTo("npv0123456789ab");
        assertThat(kernel.log()).contains("link add npv0123456789ab type veth peer npc0123456789ab");
        // The spare asked for at network creation arrives later and waits for the next endpoint.
        refiller.runAll();
        assertThat(spareLinks()).hasSize(1);
    }

    @Test
    void aGroupTakesTheReadySparesAndMakesTheRestInOneRound() throws Exception {
        BridgeNetworkDriver driver = new BridgeNetworkDriver(store, kernel, new SpareVeths(kernel, 2, refiller), 3);
        driver.createNetwork(network(NET, "172.21.0.0/24", "172.21.0.1/24", Map.of()));
        refiller.runAll();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<CreateEndpointResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = "e" + i + "00000000000000";
                calls.add(() -> driver.createEndpoint(endpoint(NET, id, "")));
            }
            for (Future<CreateEndpointResponse> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> veths = store.endpoints().stream().map(EndpointState::hostVeth).sorted().toList();
        assertThat(veths).hasSize(3);
        assertThat(veths.stream().filter(v -> v.startsWith("npvs"))).hasSize(2);
        assertThat(veths.stream().filter(v -> v.matches("npve[0-2]0{10}"))).hasSize(1);
        assertThat(store.endpoints().stream().map(EndpointState::address).distinct()).hasSize(3);
    }

    @Test
    void deleteNetworkDeletesItsSpares() {
        BridgeNetworkDriver driver = driver(3);
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        refiller.runAll();
        assertThat(spareLinks()).hasSize(3);
        driver.deleteNetwork(new NetworkRequest(NET));
        assertThat(linkNames()).isEmpty();
    }

    @Test
    void aRefillForANetworkDeletedBeforeItRanMakesNothing() {
        BridgeNetworkDriver driver = driver(1);
        Map<String, Object> sameBridge = Map.of("com.docker.network.bridge.name", "np-same");
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", sameBridge));
        // Deleted and created again on the same bridge before the refiller got to the first network's spare.
        driver.deleteNetwork(new NetworkRequest(NET));
        driver.createNetwork(network(NET2, "172.22.0.0/16", "172.22.0.1/16", sameBridge));
        refiller.runAll();
        assertThat(spareLinks()).hasSize(1).allSatisfy(l ->
                assertThat(l.alias()).isEqualTo("netplugin:spare:" + NET2.substring(0, 12)));
        assertThat(kernel.log().stream().filter(op -> op.startsWith("link add npvs"))).hasSize(1);
    }

    @Test
    void aSpareMadeWhileItsNetworkIsDeletedIsDeleted() {
        Map<String, Object> sameBridge = Map.of("com.docker.network.bridge.name", "np-same");
        BridgeNetworkDriver[] driver = new BridgeNetworkDriver[1];
        // The network goes (and another comes on the same bridge) while the refiller is in the kernel.
        Dataplane deletesTheNetworkFirst = new Dataplane() {
            boolean done;

            @Override
            public void apply(Plan plan) {
                kernel.apply(plan);
                if (!done && plan.what().contains("spare veths for network")) {
                    done = true;
                    driver[0].deleteNetwork(new NetworkRequest(NET));
                    driver[0].createNetwork(network(NET2, "172.22.0.0/16", "172.22.0.1/16", sameBridge));
                }
            }

            @Override
            public List<DataplaneException> applyGroup(List<Plan> plans) {
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
        };
        driver[0] = new BridgeNetworkDriver(store, kernel, new SpareVeths(deletesTheNetworkFirst, 1, refiller));
        driver[0].createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", sameBridge));
        refiller.runAll();
        assertThat(spareLinks()).hasSize(1).allSatisfy(l ->
                assertThat(l.alias()).isEqualTo("netplugin:spare:" + NET2.substring(0, 12)));
        assertThat(kernel.log().stream().filter(op -> op.startsWith("link add npvs"))).hasSize(2);
        assertThat(kernel.log().stream().filter(op -> op.startsWith("link del npvs"))).hasSize(1);
    }

    @Test
    void aFailedSpareIsRetriedByTheNextCreateEndpoint() {
        BridgeNetworkDriver driver = driver(1);
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        kernel.failWhen(op -> op.startsWith("link add npvs"));
        refiller.runAll();
        assertThat(spareLinks()).isEmpty();
        kernel.failWhen(op -> false);
        driver.createEndpoint(endpoint(NET, EP, ""));
        assertThat(refiller.runAll()).isEqualTo(1);
        assertThat(spareLinks()).hasSize(1);
    }

    @Test
    void startUpReconciliationDeletesSparesAndStatusCallsStraySparesLeaks() {
        BridgeNetworkDriver driver = driver(2);
        driver.createNetwork(network(NET, "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        refiller.runAll();
        // A spare whose bridge is gone is no spare: a leak.
        kernel.addLink(new KernelState.Link("npvs0000000000a", "veth", SpareVeths.ALIAS + "gone", null));
        Reconciler reconciler = new Reconciler(store, kernel, renderer);
        assertThat(reconciler.diff().leakedLinks()).containsExactly("npvs0000000000a (netplugin:spare:gone)");

        var before = reconciler.reconcile();

        assertThat(before.spares()).hasSize(2);
        assertThat(spareLinks()).isEmpty();
        assertThat(linkNames()).containsExactly("br-995e2caec5d2");
        // The restarted plugin supplies the network again.
        BridgeNetworkDriver restarted = driver(2);
        restarted.supplySpares();
        refiller.runAll();
        assertThat(spareLinks()).hasSize(2);
    }

    @Test
    void aNegativeSupplyIsRefused() {
        assertThatThrownBy(() -> new SpareVeths(kernel, -1, refiller))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
