package io.bridgelab.plugin.cli;

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
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
