package io.bridgelab.plugin.dataplane;

import io.bridgelab.netfilter.rule.TableName;
import java.util.List;

/** What the kernel holds that concerns the plugin: links carrying its alias, rules in its chains. */
public record KernelState(List<Link> links, List<RuleLine> rules) {
    public KernelState {
        links = List.copyOf(links);
        rules = List.copyOf(rules);
    }

    /** A link: name, kind ("bridge", "veth"), alias (null if none), master bridge (null if none). */
    public record Link(String name, String kind, String alias, String master) {
    }

    /** A rule as iptables-save prints it after {@code -A CHAIN}. */
    public record RuleLine(TableName table, String chain, String spec) {
        @Override
        public String toString() {
            return table.text() + " -A " + chain + " " + spec;
        }
    }
}
