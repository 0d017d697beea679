package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.rule.TableName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code iptables-restore --noflush} scripts, whatever renders the single rules. */
final class RestoreScript {
    private RestoreScript() {
    }

    static String changes(RulesRenderer r, List<RuleEntry> entries, boolean enable) {
        List<RuleEntry> ordered = new ArrayList<>(entries);
        if (!enable) {
            Collections.reverse(ordered);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<TableName, List<RuleEntry>> t : byTable(ordered).entrySet()) {
            out.append('*').append(t.getKey().text()).append('\n');
            List<String> specs = r.specs(t.getKey(), rules(t.getValue()));
            for (int i = 0; i < specs.size(); i++) {
                out.append(enable ? "-A " : "-D ").append(t.getValue().get(i).chain()).append(' ').append(specs.get(i))
                        .append('\n');
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    static String replaceOwned(RulesRenderer r, List<RuleEntry> entries) {
        Map<TableName, List<RuleEntry>> grouped = byTable(entries);
        StringBuilder out = new StringBuilder();
        for (TableName table : OwnedChains.tables()) {
            out.append('*').append(table.text()).append('\n');
            for (String chain : OwnedChains.of(table)) {
                out.append(':').append(chain).append(" - [0:0]\n");
            }
            List<RuleEntry> inTable = grouped.getOrDefault(table, List.of());
            List<String> specs = r.specs(table, rules(inTable));
            for (int i = 0; i < specs.size(); i++) {
                RuleEntry e = inTable.get(i);
                if (!OwnedChains.of(table).contains(e.chain())) {
                    throw new IllegalArgumentException("not an owned chain: " + table.text() + " " + e.chain());
                }
                out.append("-A ").append(e.chain()).append(' ').append(specs.get(i)).append('\n');
            }
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    private static List<io.bridgelab.netfilter.rule.Rule> rules(List<RuleEntry> entries) {
        List<io.bridgelab.netfilter.rule.Rule> out = new ArrayList<>();
        for (RuleEntry e : entries) {
            out.add(e.rule());
        }
        return out;
    }

    private static Map<TableName, List<RuleEntry>> byTable(List<RuleEntry> entries) {
        Map<TableName, List<RuleEntry>> m = new LinkedHashMap<>();
        for (RuleEntry e : entries) {
            m.computeIfAbsent(e.table(), k -> new ArrayList<>()).add(e);
        }
        return m;
    }

}
