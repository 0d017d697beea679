package io.bridgelab.sim.trace;

import java.util.List;

/**
 * Why an exchange did not get through: the rule, policy, missing route, unanswered ARP request or
 * missing socket responsible, with a one-line hint in Docker's terms. Made by {@link DropExplainer}
 * from the trace's steps alone.
 *
 * @param kind         {@code rule}, {@code policy}, {@code no-route}, {@code mtu} (too big, DF set),
 *                     {@code arp-unresolved}, {@code no-socket}, {@code kernel} (a sysctl, martian or bridge check)
 *                     or {@code unknown}
 * @param packet       the packet (1-based) that did not get through
 * @param node         the namespace it ended in
 * @param table        for {@code rule}/{@code policy}: the table; else null
 * @param chain        for {@code rule}/{@code policy}: the chain; else null
 * @param ruleNumber   for {@code rule}: 1-based as {@code iptables -L --line-numbers}; else null
 * @param rule         for {@code rule}: the rule as {@code iptables -S} prints it ({@code -A FORWARD ...}); else null
 * @param reason       what the engine recorded (the drop cause, the refusal, the address ARP asked for)
 * @param hint         one line for a person: what this usually means and what changes it
 * @param missedAccepts ACCEPT rules of the dropping table the packet passed without matching, each with
 *                      the reason it did not match (empty unless {@code kind} is rule or policy)
 */
public record DropExplanation(String kind, int packet, String node, String table, String chain, Integer ruleNumber,
                              String rule, String reason, String hint, List<MissedRule> missedAccepts) {
    public DropExplanation {
        missedAccepts = List.copyOf(missedAccepts);
    }

    /** {@code filter:FORWARD:10}, {@code filter:FORWARD:policy}, or null when no rule is responsible. */
    public String where() {
        if (table == null) {
            return null;
        }
        return table + ":" + chain + ":" + (ruleNumber == null ? "policy" : ruleNumber);
    }

    /** An ACCEPT rule that would have let the packet through, had it matched. */
    public record MissedRule(String where, String rule, String reason) {
    }
}
