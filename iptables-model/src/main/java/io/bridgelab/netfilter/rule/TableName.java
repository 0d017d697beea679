package io.bridgelab.netfilter.rule;

import java.util.List;
import java.util.Locale;

/**
 * The IPv4 netfilter tables, each with its built-in chains in the order iptables-save prints them.
 */
public enum TableName {
    RAW(List.of("PREROUTING", "OUTPUT")),
    MANGLE(List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING")),
    NAT(List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")),
    FILTER(List.of("INPUT", "FORWARD", "OUTPUT")),
    SECURITY(List.of("INPUT", "FORWARD", "OUTPUT"));

    private final List<String> builtinChains;

    TableName(List<String> builtinChains) {
        this.builtinChains = builtinChains;
    }

    public List<String> builtinChains() {
        return builtinChains;
    }

    public boolean isBuiltin(String chain) {
        return builtinChains.contains(chain);
    }

    /** The name as iptables writes it: {@code nat}, {@code filter}, ... */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table for {@code *nat} style names; null if there is no such table. */
    public static TableName fromText(String text) {
        for (TableName t : values()) {
            if (t.text().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
