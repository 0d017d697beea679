package io.bridgelab.netfilter.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 ruleset of one network namespace: the tables present, in the order iptables-save printed
 * them. A table that is absent behaves as an empty table with ACCEPT policies (the kernel has not
 * loaded it).
 */
public record Ruleset(List<Table> tables) {
    public static final Ruleset EMPTY = new Ruleset(List.of());

    public Ruleset {
        tables = tables == null ? List.of() : List.copyOf(tables);
        for (int i = 0; i < tables.size(); i++) {
            for (int j = i + 1; j < tables.size(); j++) {
                if (tables.get(i).name() == tables.get(j).name()) {
                    throw new IllegalArgumentException("table " + tables.get(i).name().text() + " appears twice");
                }
            }
        }
    }

    /** The table of that name, or null when the ruleset does not hold it. */
    public Table table(TableName name) {
        for (Table t : tables) {
            if (t.name() == name) {
                return t;
            }
        }
        return null;
    }

    /** The table of that name, or an empty one with ACCEPT policies. */
    public Table tableOrEmpty(TableName name) {
        Table t = table(name);
        return t != null ? t : Table.empty(name);
    }

    /** A copy with {@code table} replacing the table of the same name, or added after the others. */
    public Ruleset with(Table table) {
        List<Table> copy = new ArrayList<>(tables);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).name() == table.name()) {
                copy.set(i, table);
                return new Ruleset(copy);
            }
        }
        copy.add(table);
        return new Ruleset(copy);
    }
}
