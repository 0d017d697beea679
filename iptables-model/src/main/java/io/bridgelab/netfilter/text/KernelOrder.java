package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which iptables 1.8.9 (nf_tables) prints what the kernel holds, whatever order it was
 * loaded in: tables in the order of its builtin table array (mangle, security, raw, filter, nat), and in
 * a table the built-in chains in hook order followed by the user chains sorted by name (strcmp).
 */
final class KernelOrder {
    static final List<TableName> TABLES = List.of(TableName.MANGLE, TableName.SECURITY, TableName.RAW,
            TableName.FILTER, TableName.NAT);

    private KernelOrder() {
    }

    static List<Table> tables(Ruleset ruleset) {
        List<Table> out = new ArrayList<>();
        for (TableName name : TABLES) {
            Table t = ruleset.table(name);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    static List<Chain> chains(Table table) {
        List<Chain> out = new ArrayList<>();
        for (String builtin : table.name().builtinChains()) {
            Chain c = table.chain(builtin);
            out.add(c != null ? c : Chain.builtin(builtin, io.bridgelab.netfilter.rule.Policy.ACCEPT, List.of()));
        }
        table.chains().stream().filter(c -> !table.name().isBuiltin(c.name()))
                .sorted(Comparator.comparing(Chain::name)).forEach(out::add);
        return out;
    }
}
