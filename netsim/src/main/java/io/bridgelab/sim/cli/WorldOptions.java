package io.bridgelab.sim.cli;

import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.load.snapshot.SnapshotException;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.load.yaml.ScenarioFileException;
import io.bridgelab.sim.load.yaml.ScenarioFileLoader;
import io.bridgelab.sim.world.World;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where a command's world comes from, besides {@code --scenario NAME}: a snapshot folder ({@code netsim
 * snapshot}, lib/snapshot.sh) or a scenario file (SCENARIO-FILES.md). One of the three.
 */
final class WorldOptions {
    @Option(names = "--snapshot", paramLabel = "DIR", description = "the world of a snapshot folder"
            + " ('netsim snapshot' or fixtures/scenarios/lib/snapshot.sh); it has no default exchange to trace; its"
            + " listening sockets are those ss listed (they answer the handshake; what their programs send is not"
            + " recorded, but docker-proxy relays to its container)")
    Path snapshot;

    @Option(names = "--file", paramLabel = "FILE", description = "the world of a scenario file (YAML, see"
            + " netsim/SCENARIO-FILES.md)")
    Path file;

    /**
     * Says, before anything runs, which chains the snapshot's kernel runs that the simulation will not: a host with
     * firewalld, nftables.conf or rules of both iptables backends is simulated without them, and the user should
     * know before reading a result they may change.
     */
    static void warnUnsimulated(World w, java.io.PrintWriter err) {
        for (io.bridgelab.sim.world.Node n : w.nodes()) {
            for (String table : io.bridgelab.sim.world.UnsimulatedChain.byTable(n.unsimulated())) {
                err.println("netsim: warning: " + n.name() + " also runs " + table + "; netsim does not simulate it");
            }
        }
        err.flush();
    }

    /**
     * The scenario to run. {@code scenarioOption} is how the command spells its built-in option; it counts as
     * given only when typed (trace has a default).
     */
    Scenario scenario(CommandLine.Model.CommandSpec spec, String scenarioOption, String builtin) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        boolean named = parsed != null && parsed.hasMatchedOption(scenarioOption);
        int given = (named ? 1 : 0) + (snapshot != null ? 1 : 0) + (file != null ? 1 : 0);
        if (given > 1) {
            throw new UsageException("give one world: " + scenarioOption + ", --snapshot or --file");
        }
        if (snapshot != null) {
            try {
                World w = SnapshotLoader.load(snapshot);
                warnUnsimulated(w, spec.commandLine().getErr());
                Path name = snapshot.toAbsolutePath().normalize().getFileName();
                return new Scenario(name == null ? "snapshot" : name.toString(), "snapshot " + snapshot, () -> w,
                        null, BuiltinScenarios.HTTP_PACKETS);
            } catch (SnapshotException e) {
                throw new IllegalArgumentException("--snapshot: " + e.getMessage(), e);
            }
        }
        if (file != null) {
            try {
                return ScenarioFileLoader.load(file);
            } catch (ScenarioFileException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (builtin == null) {
            throw new UsageException("no world: give " + scenarioOption + " NAME, --snapshot DIR or --file FILE");
        }
        return BuiltinScenarios.named(builtin);
    }
}
