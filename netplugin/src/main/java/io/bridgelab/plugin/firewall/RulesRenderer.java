package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.rule.Rule;
import java.util.List;

/**
 * Turns rule-model objects into {@code iptables-restore --noflush} input. The implementation is
 * {@link SaveTextRulesRenderer} (the shared iptables-save writer); the interface lets tests and a future
 * netlink backend substitute their own.
 */
public interface RulesRenderer {
    /** The rule as iptables-save prints it after {@code -A CHAIN}: {@code -s ... -j TARGET}. */
    String spec(Rule rule);

    /** The specs of many rules of one table, in order; an implementation may render them in one pass. */
    default List<String> specs(io.bridgelab.netfilter.rule.TableName table, List<Rule> rules) {
        List<String> out = new java.util.ArrayList<>(rules.size());
        for (Rule r : rules) {
            out.add(spec(r));
        }
        return out;
    }

    /**
     * A restore script adding ({@code enable}) or deleting every entry, grouped by table, one COMMIT per
     * table; deletions run in reverse order so jumps go before their targets' rules.
     */
    String changes(List<RuleEntry> entries, boolean enable);

    /**
     * A restore script that declares (creating or, under --noflush, flushing) every owned chain and appends
     * {@code entries}: the whole owned state in one atomic transaction per table.
     */
    String replaceOwned(List<RuleEntry> entries);
}
