package io.bridgelab.plugin.driver;

import java.util.List;

/**
 * Store against kernel: links and rules the store implies but the kernel lacks ({@code missing*}; the rules
 * include the jumps from the built-in chains into the owned ones), and
 * links and rules the plugin owns (alias, owned chain) that the store does not know ({@code leaked*}).
 * {@code spares} are the veths made ahead of time for a stored network ({@link SpareVeths}): owned and in
 * no store, but not a difference.
 */
public record StatusDiff(List<String> missingLinks, List<String> leakedLinks, List<String> missingRules,
                         List<String> leakedRules, List<String> spares) {
    public StatusDiff {
        spares = List.copyOf(spares);
        missingLinks = List.copyOf(missingLinks);
        leakedLinks = List.copyOf(leakedLinks);
        missingRules = List.copyOf(missingRules);
        leakedRules = List.copyOf(leakedRules);
    }

    public boolean inSync() {
        return missingLinks.isEmpty() && leakedLinks.isEmpty() && missingRules.isEmpty() && leakedRules.isEmpty();
    }

    /** Human-readable, one item per line, "in sync" when empty, then the spare veths. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        if (inSync()) {
            sb.append("store and kernel in sync\n");
        }
        section(sb, "spare veth (made ahead for CreateEndpoint)", spares);
        if (inSync()) {
            return sb.toString();
        }
        section(sb, "missing link (in store, not in kernel)", missingLinks);
        section(sb, "leaked link (owned, not in store)", leakedLinks);
        section(sb, "missing rule", missingRules);
        section(sb, "leaked rule", leakedRules);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String> items) {
        for (String i : items) {
            sb.append(title).append(": ").append(i).append('\n');
        }
    }
}
