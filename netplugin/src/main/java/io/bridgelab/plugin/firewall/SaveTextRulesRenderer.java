package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.text.IptablesSaveWriter;
import java.util.List;

/**
 * Renders rules with the project's shared iptables-save writer ({@code io.bridgelab.netfilter.text}), so
 * the plugin installs exactly the text the simulator and the parser agree on. The writer works on whole
 * rulesets: the rule is written in a one-chain table and its line cut out.
 */
public final class SaveTextRulesRenderer implements RulesRenderer {
    private static final String PROBE = "NETPLUGIN-RENDER";

    @Override
    public String spec(Rule rule) {
        TableName table = rule.target() instanceof Dnat || rule.target() instanceof Masquerade
                ? TableName.NAT : TableName.FILTER;
        Ruleset one = new Ruleset(List.of(new Table(table, List.of(Chain.user(PROBE, List.of(rule))))));
        String text = IptablesSaveWriter.write(one, false, IptablesSaveWriter.Header.NONE);
        String prefix = "-A " + PROBE + " ";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new IllegalStateException("the save writer printed no rule line for " + rule);
    }

    /** One writer pass for the whole list: 3,000 port rules render in milliseconds instead of 0.2 s. */
    @Override
    public List<String> specs(TableName table, List<Rule> rules) {
        if (rules.isEmpty()) {
            return List.of();
        }
        Ruleset all = new Ruleset(List.of(new Table(table, List.of(Chain.user(PROBE, rules)))));
        String text = IptablesSaveWriter.write(all, false, IptablesSaveWriter.Header.NONE);
        String prefix = "-A " + PROBE + " ";
        List<String> out = new java.util.ArrayList<>(rules.size());
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                out.add(line.substring(prefix.length()));
            }
        }
        if (out.size() != rules.size()) {
            throw new IllegalStateException("the save writer printed " + out.size() + " lines for " + rules.size() + " rules");
        }
        return out;
    }

    @Override
    public String changes(List<RuleEntry> entries, boolean enable) {
        return RestoreScript.changes(this, entries, enable);
    }

    @Override
    public String replaceOwned(List<RuleEntry> entries) {
        return RestoreScript.replaceOwned(this, entries);
    }
}
