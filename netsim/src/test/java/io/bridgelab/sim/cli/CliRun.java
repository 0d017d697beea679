package io.bridgelab.sim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code netsim} command line run in-process: its exit code and what it printed on each stream. */
record CliRun(int code, String out, String err) {
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }
}
