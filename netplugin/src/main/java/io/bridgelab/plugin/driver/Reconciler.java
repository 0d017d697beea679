package io.bridgelab.plugin.driver;

import io.bridgelab.plugin.dataplane.Dataplane;
import io.bridgelab.plugin.dataplane.KernelState;
import io.bridgelab.plugin.dataplane.LinkOp;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.dataplane.Step;
import io.bridgelab.plugin.firewall.BaseRules;
import io.bridgelab.plugin.firewall.RuleEntry;
import io.bridgelab.plugin.firewall.RulesRenderer;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the kernel match the store at start-up (dockerd will not replay CreateNetwork): recreates missing
 * bridges and veths, deletes owned links the store does not know, and rewrites the owned chains to exactly
 * the rules the store implies, in one restore. Spare veths ({@link SpareVeths}) are in no store: the status
 * lists those on a stored network's bridge apart, and start-up deletes them all, since the new process
 * starts with an empty supply.
 */
public final class Reconciler {
    private final StateStore store;
    private final Dataplane dataplane;
    private final RulesRenderer renderer;

    public Reconciler(StateStore store, Dataplane dataplane, RulesRenderer renderer) {
        this.store = store;
        this.dataplane = dataplane;
        this.renderer = renderer;
    }

    /** The difference between store and kernel, changing nothing. */
    public StatusDiff diff() {
        List<NetworkState> networks = store.networks();
        List<EndpointState> endpoints = store.endpoints();
        KernelState k = dataplane.observe();
        Set<String> present = new HashSet<>();
        Map<String, String> masters = new HashMap<>();
        for (KernelState.Link l : k.links()) {
            present.add(l.name());
            masters.put(l.name(), l.master());
        }
        Set<String> wanted = new HashSet<>();
        List<String> missingLinks = new ArrayList<>();
        for (NetworkState n : networks) {
            wanted.add(n.bridge());
            if (!present.contains(n.bridge())) {
                missingLinks.add(n.bridge() + " (bridge of network " + n.shortId() + ")");
            }
        }
        for (EndpointState e : endpoints) {
            wanted.add(e.hostVeth());
            if (!present.contains(e.hostVeth())) {
                missingLinks.add(e.hostVeth() + " (veth of endpoint " + e.shortId() + ")");
            } else if (!bridgeOf(networks, e).equals(masters.get(e.hostVeth()))) {
                missingLinks.add(e.hostVeth() + " on bridge " + bridgeOf(networks, e) + " (endpoint " + e.shortId() + ")");
            }
        }
        Set<String> bridges = new HashSet<>();
        networks.forEach(n -> bridges.add(n.bridge()));
        List<String> leakedLinks = new ArrayList<>();
        List<String> spares = new ArrayList<>();
        for (KernelState.Link l : k.links()) {
            if (l.alias() != null && l.alias().startsWith(Plans.ALIAS_PREFIX) && !wanted.contains(l.name())) {
                if (isSpare(l) && l.master() != null && bridges.contains(l.master())) {
                    spares.add(l.name() + " on " + l.master());
                } else {
                    leakedLinks.add(l.name() + " (" + l.alias() + ")");
                }
            }
        }
        Map<String, Integer> have = new HashMap<>();
        for (KernelState.RuleLine r : k.rules()) {
            have.merge(r.toString(), 1, Integer::sum);
        }
        List<String> missingRules = new ArrayList<>();
        for (RuleEntry e : Plans.desiredRules(networks, endpoints)) {
            String line = new KernelState.RuleLine(e.table(), e.chain(), renderer.spec(e.rule())).toString();
            Integer count = have.get(line);
            if (count == null || count == 0) {
                missingRules.add(line);
            } else {
                have.put(line, count - 1);
            }
        }
        // The hook jumps are compared too: with FORWARD's jump gone, the owned chains are intact and match the
        // store, yet no forwarded packet reaches them. A jump into the owned chains that is not one of these
        // (an admin's own) is not reported: outside its chains the plugin judges only what it writes.
        Set<String> jumps = new HashSet<>();
        for (KernelState.RuleLine r : k.hookJumps()) {
            jumps.add(r.toString());
        }
        for (RuleEntry e : BaseRules.hookJumps()) {
            String line = new KernelState.RuleLine(e.table(), e.chain(), renderer.spec(e.rule())).toString();
            if (!jumps.contains(line)) {
                missingRules.add(line);
            }
        }
        List<String> leakedRules = new ArrayList<>();
        for (KernelState.RuleLine r : k.rules()) {
            Integer count = have.get(r.toString());
            if (count != null && count > 0) {
                leakedRules.add(r.toString());
                have.put(r.toString(), count - 1);
            }
        }
        return new StatusDiff(missingLinks, leakedLinks, missingRules, leakedRules, spares);
    }

    private static boolean isSpare(KernelState.Link l) {
        return l.alias() != null && l.alias().startsWith(SpareVeths.ALIAS);
    }

    private static String bridgeOf(List<NetworkState> networks, EndpointState e) {
        for (NetworkState n : networks) {
            if (n.id().equals(e.networkId())) {
                return n.bridge();
            }
        }
        return "";
    }

    /** Repairs the kernel; returns what was different before. */
    public StatusDiff reconcile() {
        dataplane.ensureBase();
        StatusDiff before = diff();
        if (before.inSync() && before.spares().isEmpty()) {
            return before;
        }
        List<NetworkState> networks = store.networks();
        List<EndpointState> endpoints = store.endpoints();
        Set<String> present = new HashSet<>();
        KernelState k = dataplane.observe();
        for (KernelState.Link l : k.links()) {
            present.add(l.name());
        }
        Map<String, String> masters = new HashMap<>();
        for (KernelState.Link l : k.links()) {
            masters.put(l.name(), l.master());
        }
        Set<String> wanted = new HashSet<>();
        List<LinkOp> leaks = new ArrayList<>();
        for (NetworkState n : networks) {
            wanted.add(n.bridge());
        }
        for (EndpointState e : endpoints) {
            wanted.add(e.hostVeth());
        }
        for (KernelState.Link l : k.links()) {
            if (l.alias() != null && l.alias().startsWith(Plans.ALIAS_PREFIX) && !wanted.contains(l.name())) {
                leaks.add(new LinkOp.DeleteLink(l.name(), true));
            }
        }
        if (!leaks.isEmpty()) {
            dataplane.apply(new Plan("remove leaked links", List.of(new Step.Links(leaks))));
        }
        for (NetworkState n : networks) {
            if (!present.contains(n.bridge())) {
                List<Step> steps = new ArrayList<>();
                steps.add(Plans.bridgeLinks(n));
                steps.addAll(Plans.bridgeSysctls(n));
                dataplane.apply(new Plan("recreate bridge of network " + n.shortId(), steps));
            }
        }
        for (EndpointState e : endpoints) {
            if (!present.contains(e.hostVeth())) {
                NetworkState n = networks.stream().filter(x -> x.id().equals(e.networkId())).findFirst().orElse(null);
                if (n != null) {
                    // The peer may still exist alone if only the host end vanished; it is recreated with it.
                    dataplane.apply(new Plan("recreate veth of endpoint " + e.shortId(), List.of(
                            new Step.Links(List.of(new LinkOp.DeleteLink(e.peerVeth(), true))),
                            Plans.vethLinks(n, e))));
                }
            } else if (!bridgeOf(networks, e).isEmpty() && !bridgeOf(networks, e).equals(masters.get(e.hostVeth()))) {
                dataplane.apply(new Plan("re-attach veth of endpoint " + e.shortId(), List.of(new Step.Links(
                        List.of(new LinkOp.Attach(e.hostVeth(), bridgeOf(networks, e)))))));
            }
        }
        if (!before.missingRules().isEmpty() || !before.leakedRules().isEmpty()) {
            dataplane.replaceOwnedRules(Plans.desiredRules(networks, endpoints));
        }
        return before;
    }
}
