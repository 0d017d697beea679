package io.bridgelab.plugin.cli;

import io.bridgelab.netfilter.linux.Command.CommandException;
import io.bridgelab.plugin.dataplane.DataplaneException;
import io.bridgelab.plugin.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the shaded jar and of the {@code ./netplugin} launcher. */
@Command(name = "netplugin", mixinStandardHelpOptions = true, version = "netplugin 0.1.0",
        description = "A Docker network driver (libnetwork remote plugin) with Docker's bridge semantics: "
                + "one bridge per network, veths, and netfilter rules in chains it owns.",
        subcommands = {ServeCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error handling, every error one line starting "netplugin: ": a command line
     * picocli cannot parse or an option value the command refuses (exit 2), a failure a command gives its
     * own exit status ({@link CommandFailure}), a failure the plugin names itself, such as a store, kernel
     * or host tool step that failed (exit 1); anything else is a bug and keeps its stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler((e, args) -> {
                    // Picocli's default prints the whole usage after the message: a screenful in which the one
                    // line that says what is wrong is easy to miss, and unlike the plugin's other errors.
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println("netplugin: " + e.getMessage().strip() + " (see "
                            + cmd.getCommandSpec().qualifiedName() + " --help)");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof OptionException) {
                        cmd.getErr().println("netplugin: " + e.getMessage());
                        return 2;
                    }
                    if (e instanceof CommandFailure f) {
                        cmd.getErr().println("netplugin: " + f.getMessage());
                        return f.exitStatus();
                    }
                    if (e instanceof StoreException || e instanceof DataplaneException
                            || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException
                            || e instanceof CommandException) {
                        cmd.getErr().println("netplugin: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
