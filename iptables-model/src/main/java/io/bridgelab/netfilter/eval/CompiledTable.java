package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Goto;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.Target;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A table ready for evaluation; a jump to a chain the table lacks is an error here, as in iptables-restore. */
final class CompiledTable {
    final Table source;
    final CompiledChain[] chains;
    private final Map<String, Integer> byName = new HashMap<>();

    CompiledTable(Table table, boolean indexed) {
        this.source = table;
        this.chains = new CompiledChain[table.chains().size()];
        for (int i = 0; i < chains.length; i++) {
            chains[i] = new CompiledChain(table.chains().get(i), indexed);
            byName.put(chains[i].name, i);
        }
        for (CompiledChain c : chains) {
            for (int i = 0; i < c.rules.length; i++) {
                Target t = c.rules[i].target();
                String to = t instanceof Jump j ? j.chain() : t instanceof Goto g ? g.chain() : null;
                if (to == null) {
                    c.jumpTarget[i] = -1;
                    continue;
                }
                Integer n = byName.get(to);
                if (n == null || chains[n].builtin) {
                    throw new IllegalArgumentException("table " + table.name().text() + ", chain " + c.name
                            + ", rule " + (i + 1) + ": jump to " + (n == null ? "missing" : "built-in")
                            + " chain " + to);
                }
                c.jumpTarget[i] = n;
            }
        }
    }

    CompiledChain chain(String name) {
        Integer n = byName.get(name);
        return n == null ? null : chains[n];
    }

    Table counted() {
        List<Chain> out = new ArrayList<>();
        for (CompiledChain c : chains) {
            out.add(c.counted());
        }
        return new Table(source.name(), out);
    }
}
