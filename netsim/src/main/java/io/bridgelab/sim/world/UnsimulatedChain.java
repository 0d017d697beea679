package io.bridgelab.sim.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chain the kernel runs at one of a namespace's hooks that the simulation does not evaluate: the simulation runs one
 * iptables ruleset per namespace, what {@code iptables-save} printed, and a host may filter with more. A chain
 * written with {@code nft} (firewalld, a distribution's nftables.conf; also one in an iptables table, which
 * iptables-save then calls incompatible and does not print), or iptables rules of the other backend (x_tables rules
 * made with iptables-legacy beside iptables-nft's, or the reverse) all run at the same hooks, each at its priority.
 * A snapshot shows them ({@code nft-chains.json}, {@code iptables-legacy-save-c.txt}) so that a trace can say that
 * the kernel may decide otherwise, instead of leaving them out silently.
 *
 * @param origin   what made it
 * @param family   the nf_tables family ({@code ip}, {@code inet}, {@code bridge}, {@code arp}, {@code netdev});
 *                 {@code ip} for an iptables chain
 * @param table    its table
 * @param chain    its name
 * @param hook     the hook it runs at ({@code prerouting} ... {@code postrouting}; {@code ingress} or {@code egress}
 *                 of a netdev chain)
 * @param device   the device a netdev chain is bound to, else null
 * @param priority its priority among the hook's chains (iptables' filter table has 0, nat's prerouting -100), or null
 *                 when not known (an x_tables chain's is its table's)
 * @param policy   {@code accept} or {@code drop}; null when not known (a snapshot recorded before nft-chains.py
 *                 printed it)
 * @param rules    how many rules the chain itself holds (not those of chains it jumps to); -1 when not known
 */
public record UnsimulatedChain(Origin origin, String family, String table, String chain, String hook, String device,
                               Integer priority, String policy, int rules) {

    /** What made the chain. */
    public enum Origin {
        /** nft itself (or a program using nftables directly): a chain iptables-save does not show. */
        NFTABLES("nftables"),
        /** iptables-legacy's x_tables, beside the iptables-nft ruleset the simulation runs. */
        IPTABLES_LEGACY("iptables-legacy"),
        /** iptables-nft's nf_tables chains, beside the iptables-legacy ruleset the simulation runs. */
        IPTABLES_NFT("iptables-nft");

        private final String text;

        Origin(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public UnsimulatedChain {
        if (origin == null || family == null || table == null || chain == null || hook == null) {
            throw new IllegalArgumentException("an unsimulated chain needs origin, family, table, name and hook");
        }
        if (policy != null && !policy.equals("accept") && !policy.equals("drop")) {
            throw new IllegalArgumentException("a policy is accept or drop: " + policy);
        }
        if (rules < -1) {
            throw new IllegalArgumentException("a rule count cannot be negative: " + rules);
        }
    }

    /** Whether it can change nothing for a packet: no rule, and a policy that accepts. */
    public boolean isNoop() {
        return rules == 0 && "accept".equals(policy);
    }

    /** "FORWARD (forward hook, priority 0, policy drop, 3 rules)". */
    public String describe() {
        StringBuilder s = new StringBuilder(chain).append(" (").append(hook);
        if (device != null) {
            s.append(" of ").append(device);
        }
        s.append(" hook");
        if (priority != null) {
            s.append(", priority ").append(priority);
        }
        if (policy != null) {
            s.append(", policy ").append(policy);
        }
        if (rules >= 0) {
            s.append(", ").append(rules).append(rules == 1 ? " rule" : " rules");
        }
        return s.append(')').toString();
    }

    /**
     * One line per table, in the chains' order: "nftables table inet fw: in (input hook, priority 0, policy drop,
     * 2 rules)".
     */
    public static List<String> byTable(List<UnsimulatedChain> chains) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (UnsimulatedChain c : chains) {
            String table = c.origin.text() + " table " + (c.origin == Origin.NFTABLES ? c.family + " " : "") + c.table;
            tables.computeIfAbsent(table, k -> new ArrayList<>()).add(c.describe());
        }
        List<String> lines = new ArrayList<>();
        tables.forEach((table, described) -> lines.add(table + ": " + String.join(", ", described)));
        return lines;
    }
}
