package io.bridgelab.sim.cli;

import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code netsim scenarios}: one line per built-in scenario. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Lists the built-in scenarios (the first is what 'netsim trace' shows by default).")
public final class ScenariosCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        int width = 0;
        for (Scenario s : BuiltinScenarios.all()) {
            width = Math.max(width, s.name().length());
        }
        for (Scenario s : BuiltinScenarios.all()) {
            out.println(s.name() + " ".repeat(width - s.name().length() + 2) + s.summary());
        }
        out.flush();
    }
}
