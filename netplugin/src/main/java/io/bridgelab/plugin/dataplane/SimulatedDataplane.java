package io.bridgelab.plugin.dataplane;

import io.bridgelab.plugin.firewall.BaseRules;
import io.bridgelab.plugin.firewall.OwnedChains;
import io.bridgelab.plugin.firewall.RuleEntry;
import io.bridgelab.plugin.firewall.RulesRenderer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The kernel's link table, owned chains and the hook jumps into them in memory, with the kernel's refusals
 * (a link that exists, a bridge that does not, a rule to delete that is absent) and a hook to fail chosen
 * operations, for unit tests of the driver and of rollback. Every applied plan is recorded. Thread-safe.
 */
public final class SimulatedDataplane extends AbstractDataplane {
    private final RulesRenderer renderer;
    private final Map<String, KernelState.Link> links = new LinkedHashMap<>();
    private final List<KernelState.RuleLine> rules = new ArrayList<>();
    /** The jumps from built-in chains into the owned ones, which only {@link #ensureBase} writes. */
    private final List<KernelState.RuleLine> hookJumps = new ArrayList<>();
    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private volatile Predicate<String> failWhen = op -> false;

    public SimulatedDataplane(RulesRenderer renderer) {
        this.renderer = renderer;
    }

    /** Makes every later operation whose description matches fail ("link add br-x", "rules -A nat ..."). */
    public void failWhen(Predicate<String> predicate) {
        this.failWhen = predicate;
    }

    /** Descriptions of the operations applied so far, in order. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public synchronized Map<String, String> sysctls() {
        return Map.copyOf(sysctls);
    }

    private void check(String op) {
        if (failWhen.test(op)) {
            throw new IllegalStateException("injected failure: " + op);
        }
        log.add(op);
    }

    @Override
    protected synchronized void applyLinks(List<LinkOp> ops) {
        for (int i = 0; i < ops.size(); i++) {
            LinkOp op = ops.get(i);
            try {
                applyLink(op);
            } catch (RuntimeException e) {
                throw new LinkFailure(i, i, e.getMessage());
            }
        }
    }

    private void applyLink(LinkOp op) {
        if (op instanceof LinkOp.CreateBridge b) {
            requireAbsent(b.name());
            check("link add " + b.name() + " type bridge");
            links.put(b.name(), new KernelState.Link(b.name(), "bridge", b.alias(), null));
        } else if (op instanceof LinkOp.CreateVeth v) {
            requireAbsent(v.name());
            requireAbsent(v.peer());
            KernelState.Link br = links.get(v.bridge());
            if (br == null || !"bridge".equals(br.kind())) {
                throw new IllegalStateException("Cannot find device \"" + v.bridge() + "\"");
            }
            check("link add " + v.name() + " type veth peer " + v.peer());
            links.put(v.name(), new KernelState.Link(v.name(), "veth", v.alias(), v.bridge()));
            links.put(v.peer(), new KernelState.Link(v.peer(), "veth", null, null));
        } else if (op instanceof LinkOp.Attach a) {
            KernelState.Link l = links.get(a.name());
            if (l == null || !links.containsKey(a.bridge())) {
                throw new IllegalStateException("Cannot find device \"" + a.name() + "\"");
            }
            check("link set " + a.name() + " master " + a.bridge());
            links.put(a.name(), new KernelState.Link(l.name(), l.kind(), l.alias(), a.bridge()));
        } else if (op instanceof LinkOp.DeleteLink d) {
            if (!links.containsKey(d.name())) {
                if (d.ifPresent()) {
                    return;
                }
                throw new IllegalStateException("Cannot find device \"" + d.name() + "\"");
            }
            check("link del " + d.name());
            KernelState.Link gone = links.remove(d.name());
            links.remove(peerOf(d.name()));
            if ("bridge".equals(gone.kind())) {
                // Deleting a bridge releases its ports; they stay as plain links.
                links.replaceAll((k, l) -> d.name().equals(l.master())
                        ? new KernelState.Link(l.name(), l.kind(), l.alias(), null) : l);
            }
        }
    }

    /** Simulated veths are paired by name: npv... with npc... (see EndpointPlans). */
    private static String peerOf(String hostVeth) {
        return hostVeth.startsWith("npv") ? "npc" + hostVeth.substring(3) : "";
    }

    private void requireAbsent(String name) {
        if (links.containsKey(name)) {
            throw new IllegalStateException("RTNETLINK answers: File exists (" + name + ")");
        }
    }

    @Override
    protected synchronized void applyRules(List<RuleEntry> entries, boolean enable) {
        List<KernelState.RuleLine> copy = new ArrayList<>(rules);
        for (RuleEntry e : entries) {
            KernelState.RuleLine line = new KernelState.RuleLine(e.table(), e.chain(), renderer.spec(e.rule()));
            check("rules " + (enable ? "-A " : "-D ") + line);
            if (!OwnedChains.of(e.table()).contains(e.chain())) {
                throw new IllegalStateException("chain " + e.chain() + " is not owned");
            }
            if (enable) {
                copy.add(line);
            } else if (!copy.remove(line)) {
                throw new IllegalStateException("iptables-restore: line 2 failed: Bad rule (does a matching rule exist "
                        + "in that chain?) " + line);
            }
        }
        rules.clear();
        rules.addAll(copy);
    }

    @Override
    protected synchronized void applySysctl(String key, String value, boolean optional) {
        check("sysctl " + key + "=" + value);
        sysctls.put(key, value);
    }

    @Override
    public synchronized void ensureBase() {
        sysctls.put("net.ipv4.ip_forward", "1");
        for (RuleEntry head : BaseRules.chainHeads()) {
            KernelState.RuleLine line = new KernelState.RuleLine(head.table(), head.chain(), renderer.spec(head.rule()));
            if (!rules.contains(line)) {
                rules.add(0, line);
            }
        }
        for (RuleEntry jump : BaseRules.hookJumps()) {
            KernelState.RuleLine line = new KernelState.RuleLine(jump.table(), jump.chain(),
                    renderer.spec(jump.rule()));
            if (!hookJumps.contains(line)) {
                hookJumps.add(line);
            }
        }
    }

    @Override
    public synchronized KernelState observe() {
        return new KernelState(new ArrayList<>(links.values()), rules, hookJumps);
    }

    @Override
    public synchronized void replaceOwnedRules(List<RuleEntry> entries) {
        check("rules replace " + entries.size());
        rules.clear();
        for (RuleEntry e : entries) {
            rules.add(new KernelState.RuleLine(e.table(), e.chain(), renderer.spec(e.rule())));
        }
    }

    /** Removes a link behind the plugin's back (a container died, an admin deleted it). */
    public synchronized void removeLink(String name) {
        links.remove(name);
    }

    /** Adds a link behind the plugin's back (a leak from a crashed run). */
    public synchronized void addLink(KernelState.Link link) {
        links.put(link.name(), link);
    }

    /** Adds a rule behind the plugin's back: to the owned chains, or else as a jump from a built-in chain. */
    public synchronized void addRule(KernelState.RuleLine line) {
        (OwnedChains.of(line.table()).contains(line.chain()) ? rules : hookJumps).add(line);
    }

    /** Deletes a rule behind the plugin's back (an admin's iptables -D, a firewall reload); false if absent. */
    public synchronized boolean removeRule(KernelState.RuleLine line) {
        return (OwnedChains.of(line.table()).contains(line.chain()) ? rules : hookJumps).remove(line);
    }
}
