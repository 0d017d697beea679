package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.text.IptablesSaveWriter;
import io.bridgelab.sim.world.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what a replay leaves in each namespace's netfilter, beside the captures: {@code DIR/<node>/iptables-save-c.txt}
 * (the counted ruleset, as {@code iptables-save -c} prints it) and {@code DIR/<node>/conntrack.txt} (the table as
 * {@code conntrack -L} lists it at the simulated clock's end), for every node. A node without rules gets two empty
 * files, as the real tools print nothing on stdout in a namespace that has no tables and so no conntrack; a node no
 * packet reached gets its ruleset with zero counters.
 */
public final class NetfilterStateExport {
    private NetfilterStateExport() {
    }

    /** Writes the files for the engine's world as it is now; returns how many namespaces were written. */
    public static int write(Engine engine, EvaluatedNetfilter netfilter, Path dir) throws IOException {
        long nowMillis = engine.now() / 1_000_000;
        int written = 0;
        for (Node n : engine.world().nodes()) {
            Netfilter nf = netfilter.of(engine.node(n.name()));
            Path nodeDir = Files.createDirectories(dir.resolve(n.name()));
            Files.writeString(nodeDir.resolve("iptables-save-c.txt"), nf == null ? ""
                    : IptablesSaveWriter.write(nf.countedRuleset(), true, IptablesSaveWriter.Header.UNDATED));
            Files.writeString(nodeDir.resolve("conntrack.txt"), nf == null ? ""
                    : ConntrackListing.render(nf.conntrack().connections(nowMillis), nowMillis));
            written++;
        }
        return written;
    }
}
