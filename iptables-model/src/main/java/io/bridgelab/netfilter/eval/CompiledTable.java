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
    /** Scratch return stack of the walker, reused across packets (evaluation is single-threaded). */
    int[] stackChain = new int[8];
    int[] stackRule = new int[8];
    private final Map<String, Integer> byName = new HashMap<>();

    /** Compiles {@code table}; chains with at least {@code indexFrom} rules get a rule index (-1: none). */
    CompiledTable(Table table, int indexFrom) {
        this.source = table;
        this.chains = new CompiledChain[table.chains().size()];
        for (int i = 0; i < chains.length; i++) {
            Chain c = table.chains().get(i);
            chains[i] = new CompiledChain(c, i, indexFrom >= 0 && c.rules().size() >= indexFrom);
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
