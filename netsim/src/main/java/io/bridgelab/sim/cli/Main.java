package io.bridgelab.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code netsim}: the simulator's command line. Every error is one line on stderr and exit code 1, or 2 for a usage
 * error: an unknown option or a value the command cannot use ({@link UsageException}).
 */
@Command(name = "netsim", mixinStandardHelpOptions = true, version = "netsim 0.1.0",
        description = "Simulates Docker-style bridge networking and explains every packet's way.",
        subcommands = {TraceCommand.class, ExecCommand.class, ReplayCommand.class, ScenariosCommand.class,
                SnapshotCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        // exec NODE COMMAND...: everything after NODE is the command's, options included.
        cl.getSubcommands().get("exec").setStopAtPositional(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException) {
                err.println(c.getCommandName() + ": " + ex.getMessage() + " (see --help)");
                return 2;
            }
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            err.println(c.getCommandName() + ": " + message);
            return 1;
        });
        return cl.execute(args);
    }
}
