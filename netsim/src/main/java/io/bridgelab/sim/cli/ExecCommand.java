package io.bridgelab.sim.cli;

import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.exec.Exec;
import io.bridgelab.sim.exec.ExecResult;
import io.bridgelab.sim.exec.UnsupportedCommandException;
import io.bridgelab.sim.load.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code netsim exec NODE -- COMMAND...}: answers one of the article's commands in a namespace of a
 * scenario's world, before any traffic (after traffic: {@code netsim trace ... --then exec NODE -- ...}).
 * The exit status is the command's (1 for an unknown chain or device, as the real tools).
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Runs one of the article's commands in a namespace of the simulated world and prints what the"
                + " real tool would. Without traffic this is the scenario's initial state; after traffic use"
                + " 'netsim trace ... --then exec NODE -- COMMAND'. Supported: " + UnsupportedCommandException.SUPPORTED)
public final class ExecCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "port-mapping",
            description = "built-in scenario (see 'netsim scenarios'; default: ${DEFAULT-VALUE})")
    String scenario;

    @CommandLine.Mixin
    WorldOptions world;

    @Parameters(index = "0", paramLabel = "NODE", description = "the namespace (node) to run in, e.g. host")
    String node;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "the command and its arguments, after --")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        if (withoutSeparator(command).isEmpty()) {
            throw new UsageException("no command to run: give one after NODE, e.g. 'netsim exec host -- iptables"
                    + " -t nat -nvL'");
        }
        Scenario s = world.scenario(spec, "--scenario", scenario);
        EvaluatedNetfilter netfilter = Netfilters.forWorld();
        Engine engine = new Engine(s.world(), netfilter, 1);
        ExecResult r = Exec.run(engine, netfilter, node, withoutSeparator(command));
        print(r, spec.commandLine().getOut(), spec.commandLine().getErr());
        return r.exitCode();
    }

    /** The command after an optional leading {@code --} (kept as a literal once NODE stopped option parsing). */
    static List<String> withoutSeparator(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).equals("--") ? argv.subList(1, argv.size()) : argv;
    }

    static void print(ExecResult r, PrintWriter out, PrintWriter err) {
        err.print(r.stderrFirst());
        err.flush();
        out.print(r.stdout());
        out.flush();
        err.print(r.stderr());
        err.flush();
    }
}
