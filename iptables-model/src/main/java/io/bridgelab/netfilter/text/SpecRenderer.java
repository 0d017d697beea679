package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;

/**
 * Renders {@code iptables -t TABLE -S [CHAIN]}: {@code -P} for each built-in chain, {@code -N} for each
 * user chain, then the rules in iptables-save's spelling, all in the kernel's chain order.
 */
public final class SpecRenderer {
    private SpecRenderer() {
    }

    public static String spec(Ruleset ruleset, TableName tableName) {
        Table table = ruleset.tableOrEmpty(tableName);
        StringBuilder s = new StringBuilder();
        for (Chain chain : KernelOrder.chains(table)) {
            declaration(s, chain);
        }
        for (Chain chain : KernelOrder.chains(table)) {
            rules(s, chain);
        }
        return s.toString();
    }

    /** One chain ({@code -S CHAIN}); IllegalArgumentException if the table has no such chain. */
    public static String spec(Ruleset ruleset, TableName tableName, String chainName) {
        Table table = ruleset.tableOrEmpty(tableName);
        for (Chain chain : KernelOrder.chains(table)) {
            if (chain.name().equals(chainName)) {
                StringBuilder s = new StringBuilder();
                declaration(s, chain);
                rules(s, chain);
                return s.toString();
            }
        }
        throw new IllegalArgumentException("No chain/target/match by that name: " + chainName);
    }

    private static void declaration(StringBuilder s, Chain chain) {
        if (chain.isBuiltin()) {
            s.append("-P ").append(chain.name()).append(' ').append(chain.policy().name()).append('\n');
        } else {
            s.append("-N ").append(chain.name()).append('\n');
        }
    }

    private static void rules(StringBuilder s, Chain chain) {
        for (Rule rule : chain.rules()) {
            s.append(SaveText.rule(chain.name(), rule)).append('\n');
        }
    }
}
