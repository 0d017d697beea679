package io.bridgelab.plugin.driver;

import static io.bridgelab.plugin.driver.DriverFixture.endpoint;
import static io.bridgelab.plugin.driver.DriverFixture.network;
import static io.bridgelab.plugin.driver.DriverFixture.portmap;
import static io.bridgelab.plugin.driver.DriverFixture.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.plugin.api.EndpointRequest;
import io.bridgelab.plugin.api.ExternalConnectivityRequest;
import io.bridgelab.plugin.api.NetworkRequest;
import io.bridgelab.plugin.dataplane.Dataplane;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.dataplane.KernelState;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.dataplane.SimulatedDataplane;
import io.bridgelab.plugin.firewall.BaseRules;
import io.bridgelab.plugin.firewall.RuleEntry;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
    final SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();

    @TempDir
    Path dir;

    @Test
    void restartRecreatesMissingAndRemovesLeaks() {
        SimulatedDataplane kernel = new SimulatedDataplane(renderer);
        try (StateStore store = StateStore.open(dir)) {
            BridgeNetworkDriver d = new BridgeNetworkDriver(store, kernel);
            new Reconciler(store, kernel, renderer).reconcile();
            d.createNetwork(network("net1", "10.1.0.0/24", "10.1.0.1/24", Map.of()));
            d.createEndpoint(endpoint("net1", "ep1", "10.1.0.2/24"));
            d.programExternalConnectivity(new ExternalConnectivityRequest("net1", "ep1", portmap(tcp(80, 8080))));
        }
        kernel.removeLink("br-net1");
        kernel.removeLink("npvep1");
        kernel.removeLink("npcep1");
        kernel.addLink(new KernelState.Link("npvdeadbeef", "veth", "netplugin:ep:deadbeef", null));
        kernel.addLink(new KernelState.Link("eth9", "veth", null, null));
        kernel.addRule(new KernelState.RuleLine(TableName.NAT, "NETPLUGIN", "-p tcp -m tcp --dport 9 -j DNAT --to-destination 1.2.3.4:9"));
        try (StateStore store = StateStore.open(dir)) {
            Reconciler r = new Reconciler(store, kernel, renderer);
            StatusDiff before = r.diff();
            assertThat(before.missingLinks()).containsExactly("br-net1 (bridge of network net1)", "npvep1 (veth of endpoint ep1)");
            assertThat(before.leakedLinks()).containsExactly("npvdeadbeef (netplugin:ep:deadbeef)");
            assertThat(before.leakedRules()).containsExactly("nat -A NETPLUGIN -p tcp -m tcp --dport 9 -j DNAT --to-destination 1.2.3.4:9");
            assertThat(before.render()).contains("leaked link (owned, not in store): npvdeadbeef");
            r.reconcile();
            assertThat(r.diff().inSync()).isTrue();
            assertThat(kernel.observe().links().stream().map(KernelState.Link::name)).contains("eth9", "br-net1", "npvep1");
        }
    }

    /**
     * Kill -9 simulated at every kernel operation of every state-changing call: the dataplane throws an
     * Error (nothing below it catches Errors, so no rollback runs, as after a real kill), the driver is
     * rebuilt from the same store, reconciled, and store and kernel must agree.
     */
    @Test
    void crashAtAnyKernelOperationThenRestartAgrees() {
        List<Consumer<BridgeNetworkDriver>> calls = List.of(
                d -> d.createNetwork(network("net1", "10.1.0.0/24", "10.1.0.1/24", Map.of())),
                d -> d.createEndpoint(endpoint("net1", "ep1", "10.1.0.2/24")),
                d -> d.programExternalConnectivity(new ExternalConnectivityRequest("net1", "ep1",
                        portmap(tcp(80, 8080), tcp(81, 8081)))),
                d -> d.revokeExternalConnectivity(new ExternalConnectivityRequest("net1", "ep1", Map.of())),
                d -> d.deleteEndpoint(new EndpointRequest("net1", "ep1")),
                d -> d.deleteNetwork(new NetworkRequest("net1")));
        int crashes = 0;
        for (int c = 0; c < calls.size(); c++) {
            final int call = c;
            for (int k = 0; k < 12; k++) {
                final int crashAt = k;
                Path state = dir.resolve("c" + call + "-" + crashAt);
                SimulatedDataplane kernel = new SimulatedDataplane(renderer);
                try (StateStore store = StateStore.open(state)) {
                    BridgeNetworkDriver d = new BridgeNetworkDriver(store, kernel);
                    new Reconciler(store, kernel, renderer).reconcile();
                    for (int i = 0; i < call; i++) {
                        calls.get(i).accept(d);
                    }
                    AtomicInteger ops = new AtomicInteger();
                    int at = crashAt;
                    kernel.failWhen(op -> {
                        if (ops.getAndIncrement() == at) {
                            throw new KilledError();
                        }
                        return false;
                    });
                    Throwable t = catchThrowable(() -> calls.get(call).accept(d));
                    if (t instanceof KilledError) {
                        crashes++;
                    }
                    kernel.failWhen(op -> false);
                }
                try (StateStore store = StateStore.open(state)) {
                    Reconciler r = new Reconciler(store, kernel, renderer);
                    r.reconcile();
                    StatusDiff after = r.diff();
                    assertThat(after.inSync()).as("call %d crash at op %d: %s", call, crashAt, after.render()).isTrue();
                    // The restarted driver carries on: dockerd retries the call, then the rest work.
                    BridgeNetworkDriver d = new BridgeNetworkDriver(store, kernel);
                    Throwable retry = catchThrowable(() -> calls.get(call).accept(d));
                    assertThat(retry == null || retry instanceof io.bridgelab.plugin.api.DriverException)
                            .as("retry of call %d after crash at %d: %s", call, crashAt, retry).isTrue();
                    for (int i = call + 1; i < calls.size(); i++) {
                        calls.get(i).accept(d);
                    }
                    assertThat(r.diff().inSync()).isTrue();
                    assertThat(store.networks()).isEmpty();
                    assertThat(kernel.observe().links()).isEmpty();
                }
            }
        }
        assertThat(crashes).isGreaterThan(10);
    }

    /** Deleting any of the four jumps into the owned chains cuts the plugin's traffic: status must say so. */
    @Test
    void aDeletedHookJumpIsAMissingRuleAndStartUpPutsItBack() {
        SimulatedDataplane kernel = new SimulatedDataplane(renderer);
        try (StateStore store = StateStore.open(dir)) {
            Reconciler r = new Reconciler(store, kernel, renderer);
            new BridgeNetworkDriver(store, kernel)
                    .createNetwork(network("net1", "10.1.0.0/24", "10.1.0.1/24", Map.of()));
            r.reconcile();
            assertThat(r.diff().inSync()).isTrue();
            for (RuleEntry jump : BaseRules.hookJumps()) {
                KernelState.RuleLine line = new KernelState.RuleLine(jump.table(), jump.chain(),
                        renderer.spec(jump.rule()));
                assertThat(kernel.removeRule(line)).isTrue();
                StatusDiff diff = r.diff();
                assertThat(diff.inSync()).as("without %s", line).isFalse();
                assertThat(diff.missingRules()).containsExactly(line.toString());
                assertThat(diff.render()).isEqualTo("missing rule: " + line + "\n");
                r.reconcile();
                assertThat(r.diff().inSync()).isTrue();
            }
        }
        assertThat(BaseRules.hookJumps()).extracting(e -> e.table().text() + " " + e.chain()).containsExactly(
                "filter FORWARD", "nat PREROUTING", "nat OUTPUT", "nat POSTROUTING");
    }

    /** The comparison on what iptables-save printed on a host where FORWARD's jump was deleted by hand. */
    @Test
    void theForwardJumpMissingFromIptablesSaveIsReportedByTableChainAndRule() {
        String save = fixture("/io/bridgelab/plugin/dataplane/forward-jump-deleted.iptables-save");
        String forwardJump = "-A FORWARD -m comment --comment \"netplugin:base\" -j NETPLUGIN-FORWARD\n";
        try (StateStore store = StateStore.open(dir)) {
            StatusDiff diff = new Reconciler(store, observing(save), renderer).diff();
            assertThat(diff.missingRules()).containsExactly(
                    "filter -A FORWARD -m comment --comment \"netplugin:base\" -j NETPLUGIN-FORWARD");
            assertThat(diff.leakedRules()).isEmpty();
            String repaired = save.replace("-A FORWARD -j DOCKER-USER\n", "-A FORWARD -j DOCKER-USER\n" + forwardJump);
            assertThat(new Reconciler(store, observing(repaired), renderer).diff().inSync()).isTrue();
        }
    }

    private static String fixture(String resource) {
        try (java.io.InputStream in = ReconcilerTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A dataplane that only reads: the kernel as the given iptables-save text shows it, with no links. */
    private static Dataplane observing(String iptablesSave) {
        return new Dataplane() {
            @Override
            public void apply(Plan plan) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<DataplaneException> applyGroup(List<Plan> plans) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void ensureBase() {
                throw new UnsupportedOperationException();
            }

            @Override
            public KernelState observe() {
                return KernelState.of(List.of(), iptablesSave);
            }

            @Override
            public void replaceOwnedRules(List<RuleEntry> entries) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static final class KilledError extends Error {
        private static final long serialVersionUID = 1L;
    }
}
