package io.bridgelab.pcap.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pcap-tools}: summary, flows, diff and print of capture files. Exit codes: 0 success (diff: same),
 * 1 diff found differences, 2 any error (bad arguments, unreadable or malformed file), reported on one line.
 */
@Command(name = "pcap-tools", mixinStandardHelpOptions = true, version = "pcap-tools 0.1.0",
        description = "Read, summarise, compare and print pcap/pcapng captures (Ethernet, Linux SLL/SLL2).",
        subcommands = {SummaryCommand.class, FlowsCommand.class, DiffCommand.class, PrintCommand.class,
                CommandLine.HelpCommand.class})
public final class PcapTools implements Runnable {
    public static final int ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: summary, flows, diff or print");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PcapTools());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("pcap-tools: " + e.getMessage() + " (see --help)");
            return ERROR;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("pcap-tools: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "")
                    + message);
            return ERROR;
        });
        return cl.execute(args);
    }
}
