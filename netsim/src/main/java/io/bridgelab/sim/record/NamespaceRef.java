package io.bridgelab.sim.record;

import java.util.regex.Pattern;

/**
 * One namespace to record: the live netns {@code netns}, written to the snapshot folder {@code role}
 * (the node's name once loaded). lib/snapshot.sh names netns {@code PREFIX-ROLE}; {@code netsim snapshot}
 * takes {@code ROLE=NETNS} or just {@code NETNS} (then the role is the netns name).
 */
public record NamespaceRef(String role, String netns) {
    /** A role becomes a folder name: no separators, no dot-only names. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    public NamespaceRef {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role '" + role + "' must be letters, digits, '_', '.', '-'"
                    + " (it becomes a folder name)");
        }
        if (netns == null || netns.isEmpty() || netns.contains("/")) {
            throw new IllegalArgumentException("not a netns name: '" + netns + "'");
        }
    }

    /** Parses {@code ROLE=NETNS} or {@code NETNS}. */
    public static NamespaceRef parse(String text) {
        int eq = text.indexOf('=');
        return eq < 0 ? new NamespaceRef(text, text) : new NamespaceRef(text.substring(0, eq), text.substring(eq + 1));
    }
}
