package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.TableName;

/** A rule and where it goes: table and chain. */
public record RuleEntry(TableName table, String chain, Rule rule) {
    public RuleEntry {
        if (table == null || chain == null || rule == null) {
            throw new IllegalArgumentException("a rule entry needs a table, a chain and a rule");
        }
    }
}
