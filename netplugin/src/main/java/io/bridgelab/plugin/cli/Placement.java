package io.bridgelab.plugin.cli;

import io.bridgelab.plugin.dataplane.LinuxDataplane;
import io.bridgelab.plugin.firewall.RulesRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by serve and status: where the state lives and which network namespace is managed. */
final class Placement {
    @Option(names = "--state", paramLabel = "DIR", defaultValue = "/var/lib/netplugin",
            description = "State directory (SQLite file state.db). Default: ${DEFAULT-VALUE}.")
    Path state;

    @Option(names = "--netns", paramLabel = "NAME",
            description = "Manage bridges, veths and rules inside this named network namespace (ip netns) "
                    + "instead of the host's: for a dockerd running in that namespace, and for tests.")
    String netns;

    LinuxDataplane dataplane(RulesRenderer renderer) {
        return dataplane(renderer, false);
    }

    /**
     * {@code persistentLinks}: one long-lived {@code ip -batch} for the serving plugin (see IpSession).
     * Throws {@link OptionException} when {@code --netns} names no namespace, before any change.
     */
    LinuxDataplane dataplane(RulesRenderer renderer, boolean persistentLinks) {
        // ip refuses these names ("Invalid netns name"), yet "", "." and ".." would pass the check below as
        // /run/netns itself or its parent, and the refusal would come from the first ip or iptables-save.
        if (netns != null && (netns.isEmpty() || netns.contains("/") || netns.equals(".") || netns.equals(".."))) {
            throw new OptionException("--netns '" + netns + "' is not a namespace name "
                    + "(no '/', not empty, '.' or '..')");
        }
        if (netns != null && !Files.exists(Path.of("/run/netns", netns))) {
            throw new OptionException("--netns " + netns + ": no such network namespace (see ip netns list)");
        }
        List<String> prefix = netns == null ? List.of() : List.of("ip", "netns", "exec", netns);
        return new LinuxDataplane(prefix, renderer, persistentLinks);
    }
}
