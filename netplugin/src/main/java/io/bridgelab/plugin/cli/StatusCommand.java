package io.bridgelab.plugin.cli;

import io.bridgelab.netfilter.linux.Command.CommandException;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.dataplane.LinuxDataplane;
import io.bridgelab.plugin.driver.Reconciler;
import io.bridgelab.plugin.driver.StatusDiff;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.MissingStoreException;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.StateStore;
import io.bridgelab.plugin.store.StoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code netplugin status}: what the store holds and how the kernel differs; exit 1 when it differs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the stored networks and endpoints and the difference between store and kernel "
                + "(missing or leaked links and rules, missing jumps into the plugin's chains). Changes nothing: "
                + "the state store is opened read-only and never created.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {
            "0:store and kernel in sync",
            "1:store and kernel differ (listed on stdout)",
            "2:an option was refused (usage)",
            "3:no state store in --state DIR: the plugin has not run with it",
            "4:the state store cannot be read (not a directory, not a SQLite file, permissions)",
            "5:the kernel's state cannot be read (ip or iptables-save failed; not root?)"})
final class StatusCommand implements Callable<Integer> {
    static final int IN_SYNC = 0;
    static final int DIFFERENT = 1;
    static final int NO_STORE = 3;
    static final int STORE_UNREADABLE = 4;
    static final int KERNEL_UNREADABLE = 5;

    @Mixin
    Placement placement;

    @Override
    public Integer call() {
        SaveTextRulesRenderer renderer = new SaveTextRulesRenderer();
        LinuxDataplane dataplane = placement.dataplane(renderer); // first: a bad --netns is an option error
        try (StateStore store = openStore()) {
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
            StatusDiff diff;
            try {
                diff = new Reconciler(store, dataplane, renderer).diff();
            } catch (CommandException | DataplaneException e) {
                throw new CommandFailure(KERNEL_UNREADABLE, "cannot read the kernel's state: " + e.getMessage(), e);
            }
            System.out.print(diff.render());
            return diff.inSync() ? IN_SYNC : DIFFERENT;
        }
    }

    private StateStore openStore() {
        try {
            return StateStore.openReadOnly(placement.state);
        } catch (MissingStoreException e) {
            throw new CommandFailure(NO_STORE, e.getMessage() + ": the plugin has not run with this --state", e);
        } catch (StoreException e) {
            throw new CommandFailure(STORE_UNREADABLE, e.getMessage(), e);
        }
    }
}
