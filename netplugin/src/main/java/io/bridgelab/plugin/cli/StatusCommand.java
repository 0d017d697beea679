package io.bridgelab.plugin.cli;

import io.bridgelab.plugin.driver.Reconciler;
import io.bridgelab.plugin.driver.StatusDiff;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.StateStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code netplugin status}: what the store holds and how the kernel differs; exit 1 when it differs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the stored networks and endpoints and the difference between store and kernel "
                + "(missing or leaked links and rules). Changes nothing. Exit status 0 in sync, 1 when different.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    Placement placement;

    @Override
    public Integer call() {
        SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();
        try (StateStore store = StateStore.open(placement.state)) {
            for (NetworkState n : store.networks()) {
                System.out.println("network " + n.shortId() + " bridge " + n.bridge() + " subnet " + n.subnet()
                        + " gateway " + n.gateway() + (n.icc() ? "" : " icc=false") + (n.internal() ? " internal" : "")
                        + (n.masquerade() ? "" : " masquerade=false"));
                for (EndpointState e : store.endpoints()) {
                    if (e.networkId().equals(n.id())) {
                        System.out.println("  endpoint " + e.shortId() + " " + e.address() + " " + e.mac() + " veth "
                                + e.hostVeth() + (e.sandbox() == null ? "" : " joined")
                                + (e.ports().isEmpty() ? "" : " ports " + e.ports()));
                    }
                }
            }
            StatusDiff diff = new Reconciler(store, placement.dataplane(renderer), renderer).diff();
            System.out.print(diff.render());
            return diff.inSync() ? 0 : 1;
        }
    }
}
