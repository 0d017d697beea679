package io.bridgelab.plugin.cli;

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
     * The command line with its error handling: a refused option value (exit 2) or a failure the plugin
     * names itself, such as a store or kernel step that failed (exit 1), is one line saying what; anything
     * else is a bug and keeps its stack trace.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof OptionException) {
                cmd.getErr().println("netplugin: " + e.getMessage());
                return 2;
            }
            if (e instanceof StoreException || e instanceof DataplaneException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
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
