package io.bridgelab.sim.record;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One namespace to record: the live netns {@code netns}, written to the snapshot folder {@code role}
 * (the node's name once loaded). lib/snapshot.sh names netns {@code PREFIX-ROLE}; {@code netsim snapshot}
 * takes {@code ROLE=NETNS} or just {@code NETNS} (then the role is the netns name). {@code netns} is a name
 * {@code ip netns list} shows, or a namespace file: {@code /proc/PID/ns/net} of a process in it (a Docker
 * container's, the host's own with PID 1) or a file bind-mounted from one ({@code /var/run/docker/netns/ID});
 * a file needs a role.
 */
public record NamespaceRef(String role, String netns) {
    /** A role becomes a folder name: no separators, no dot-only names. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    public NamespaceRef {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role '" + role + "' must be letters, digits, '_', '.', '-'"
                    + " (it becomes a folder name)");
        }
        if (netns == null || netns.isEmpty() || netns.contains("/") && !netns.startsWith("/")) {
            throw new IllegalArgumentException("not a netns name nor an absolute namespace file: '" + netns + "'");
        }
    }

    /** Whether {@code netns} is a namespace file rather than a name. */
    public boolean isFile() {
        return netns.startsWith("/");
    }

    /** The command that runs {@code argv} inside the namespace: ip netns exec for a name, nsenter for a file. */
    List<String> inside(List<String> argv) {
        List<String> full = new ArrayList<>(isFile()
                ? List.of("nsenter", "--net=" + netns) : List.of("ip", "netns", "exec", netns));
        full.addAll(argv);
        return full;
    }

    /** Parses {@code ROLE=NETNS} or {@code NETNS}. */
    public static NamespaceRef parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0 && text.startsWith("/")) {
            throw new IllegalArgumentException("a namespace file needs a role to name its folder: ROLE=" + text);
        }
        return eq < 0 ? new NamespaceRef(text, text) : new NamespaceRef(text.substring(0, eq), text.substring(eq + 1));
    }
}
