package io.bridgelab.netfilter.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table and its chains in the order iptables-save lists them: built-in chains first, in the kernel's
 * order, then user chains.
 */
public record Table(TableName name, List<Chain> chains) {
    public Table {
        if (name == null) {
            throw new IllegalArgumentException("a table needs a name");
        }
        chains = chains == null ? List.of() : List.copyOf(chains);
        Map<String, Chain> seen = new LinkedHashMap<>();
        for (Chain c : chains) {
            if (seen.put(c.name(), c) != null) {
                throw new IllegalArgumentException("chain " + c.name() + " defined twice in table " + name.text());
            }
            if (c.isBuiltin() != name.isBuiltin(c.name())) {
                throw new IllegalArgumentException(c.isBuiltin()
                        ? "chain " + c.name() + " is not a built-in chain of table " + name.text()
                        : "built-in chain " + c.name() + " of table " + name.text() + " needs a policy");
            }
        }
    }

    /** An empty table with its built-in chains at policy ACCEPT, as the kernel creates it. */
    public static Table empty(TableName name) {
        List<Chain> chains = new ArrayList<>();
        for (String builtin : name.builtinChains()) {
            chains.add(Chain.builtin(builtin, Policy.ACCEPT, List.of()));
        }
        return new Table(name, chains);
    }

    /** The chain of that name, or null. */
    public Chain chain(String chainName) {
        for (Chain c : chains) {
            if (c.name().equals(chainName)) {
                return c;
            }
        }
        return null;
    }

    /** A copy with {@code chain} replacing the chain of the same name, or added after the others. */
    public Table with(Chain chain) {
        List<Chain> copy = new ArrayList<>(chains);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).name().equals(chain.name())) {
                copy.set(i, chain);
                return new Table(name, copy);
            }
        }
        copy.add(chain);
        return new Table(name, copy);
    }
}
