package io.bridgelab.plugin.driver;

import io.bridgelab.plugin.dataplane.LinkOp;
import io.bridgelab.plugin.dataplane.Plan;
import io.bridgelab.plugin.dataplane.Step;
import io.bridgelab.plugin.firewall.NetworkRules;
import io.bridgelab.plugin.firewall.PortRules;
import io.bridgelab.plugin.firewall.RuleEntry;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import java.util.ArrayList;
import java.util.List;

/** The kernel plans of each driver call, built from state only (no I/O). */
public final class Plans {
    public static final String ALIAS_PREFIX = "netplugin:";

    private Plans() {
    }

    public static String bridgeAlias(NetworkState n) {
        return ALIAS_PREFIX + "net:" + n.shortId();
    }

    public static String vethAlias(EndpointState e) {
        return ALIAS_PREFIX + "ep:" + e.shortId();
    }

    /** Host-side veth name: npv + 12 id characters (15, the kernel's limit). */
    public static String hostVeth(String endpointId) {
        return "npv" + endpointId.substring(0, Math.min(12, endpointId.length()));
    }

    /** Container-side veth name before dockerd renames it to eth0. */
    public static String peerVeth(String endpointId) {
        return "npc" + endpointId.substring(0, Math.min(12, endpointId.length()));
    }

    static Step.Links bridgeLinks(NetworkState n) {
        return new Step.Links(List.of(new LinkOp.CreateBridge(n.bridge(), bridgeAlias(n), n.gateway(), n.mtu())));
    }

    /** Sysctls use '/' separators because a bridge name may contain '.'. */
    static List<Step> bridgeSysctls(NetworkState n) {
        List<Step> out = new ArrayList<>();
        // Lets DNAT'd packets from 127.0.0.1 (OUTPUT) be routed out of the bridge: localhost access to
        // published ports without a userland proxy.
        out.add(new Step.Sysctl("net/ipv4/conf/" + n.bridge() + "/route_localnet", "1", false));
        if (!n.icc()) {
            // Without br_netfilter bridged container-to-container frames skip iptables and icc=false could
            // not drop them; optional because the module may not be loaded (then the sysctl is absent).
            out.add(new Step.Sysctl("net/bridge/bridge-nf-call-iptables", "1", true));
        }
        return out;
    }

    public static Plan networkUp(NetworkState n) {
        List<Step> steps = new ArrayList<>();
        steps.add(bridgeLinks(n));
        steps.addAll(bridgeSysctls(n));
        steps.add(new Step.Rules(NetworkRules.of(n), true));
        return new Plan("create network " + n.shortId() + " (bridge " + n.bridge() + ")", steps);
    }

    public static Plan networkDown(NetworkState n) {
        return new Plan("delete network " + n.shortId() + " (bridge " + n.bridge() + ")", List.of(
                new Step.Rules(NetworkRules.of(n), false),
                new Step.Links(List.of(new LinkOp.DeleteLink(n.bridge(), true)))));
    }

    static Step.Links vethLinks(NetworkState n, EndpointState e) {
        return new Step.Links(List.of(new LinkOp.CreateVeth(e.hostVeth(), e.peerVeth(), n.bridge(), e.mac(), n.mtu(),
                vethAlias(e))));
    }

    public static Plan endpointUp(NetworkState n, EndpointState e) {
        return new Plan("create endpoint " + e.shortId(), List.of(vethLinks(n, e)));
    }

    /** Port rules go first: a veth deletion cannot be undone, so it must be the last step. */
    public static Plan endpointDown(NetworkState n, EndpointState e) {
        List<Step> steps = new ArrayList<>();
        if (!e.ports().isEmpty()) {
            steps.add(new Step.Rules(PortRules.of(n, e), false));
        }
        steps.add(new Step.Links(List.of(new LinkOp.DeleteLink(e.hostVeth(), true))));
        return new Plan("delete endpoint " + e.shortId(), steps);
    }

    /** Publishes ({@code enable}) or withdraws the ports of {@code e}: one code path for both. */
    public static Plan ports(NetworkState n, EndpointState e, boolean enable) {
        return new Plan((enable ? "publish" : "withdraw") + " " + e.ports().size() + " ports of endpoint "
                + e.shortId(), List.of(new Step.Rules(PortRules.of(n, e), enable)));
    }

    /** Every rule the store implies, chain heads included: what the owned chains must hold. */
    public static List<RuleEntry> desiredRules(List<NetworkState> networks, List<EndpointState> endpoints) {
        List<RuleEntry> out = new ArrayList<>(io.bridgelab.plugin.firewall.BaseRules.chainHeads());
        for (NetworkState n : networks) {
            out.addAll(NetworkRules.of(n));
        }
        for (EndpointState e : endpoints) {
            for (NetworkState n : networks) {
                if (n.id().equals(e.networkId())) {
                    out.addAll(PortRules.of(n, e));
                }
            }
        }
        return out;
    }
}
