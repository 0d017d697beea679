package io.bridgelab.sim.cli;

import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.exec.CommandParser;
import io.bridgelab.sim.exec.Exec;
import io.bridgelab.sim.exec.ExecResult;
import io.bridgelab.sim.world.World;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;

/**
 * {@code netsim trace ... --then exec NODE -- COMMAND [--then exec NODE -- COMMAND ...]}: the commands run
 * after the traced exchange, on the state it left (counters, FDB, ARP caches, conntrack). {@code --then}
 * takes the rest of the command line, split at each further {@code --then}; every command is checked
 * before the trace runs, so a typo costs no simulation. Each answer follows the trace under a prompt line
 * {@code NODE# COMMAND}.
 */
final class ThenExec {
    /** One {@code exec NODE -- COMMAND}. */
    record Invocation(String node, List<String> argv) {
    }

    private ThenExec() {
    }

    /** Consumes every argument after {@code --then}: the exec commands are not trace's options. */
    static final class RestOfLine implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                                      CommandLine.Model.CommandSpec commandSpec) {
            List<String> values = argSpec.getValue() == null ? new ArrayList<>() : new ArrayList<>(argSpec.getValue());
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(),
                        "--then needs 'exec NODE -- COMMAND'");
            }
            values.add("--then");
            while (!args.isEmpty()) {
                values.add(args.pop());
            }
            argSpec.setValue(values);
        }
    }

    /** Splits the consumed words at each {@code --then} and checks node names and commands. */
    static List<Invocation> parse(List<String> words, World world) {
        List<Invocation> out = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        for (String w : words) {
            if (w.equals("--then")) {
                groups.add(new ArrayList<>());
            } else {
                groups.get(groups.size() - 1).add(w);
            }
        }
        for (List<String> g : groups) {
            if (g.size() < 3 || !g.get(0).equals("exec")) {
                throw new UsageException("--then wants 'exec NODE -- COMMAND', got '" + String.join(" ", g) + "'");
            }
            world.node(g.get(1));
            List<String> argv = ExecCommand.withoutSeparator(g.subList(2, g.size()));
            CommandParser.parse(argv);
            out.add(new Invocation(g.get(1), List.copyOf(argv)));
        }
        return out;
    }

    /** Runs each command on the engine's state; returns 0, or the first non-zero exit status. */
    static int run(List<Invocation> invocations, Engine engine, EvaluatedNetfilter netfilter, PrintWriter out,
                   PrintWriter err) {
        int status = 0;
        for (Invocation i : invocations) {
            out.println();
            out.println(i.node() + "# " + String.join(" ", i.argv()));
            ExecResult r = Exec.run(engine, netfilter, i.node(), i.argv());
            ExecCommand.print(r, out, err);
            if (status == 0) {
                status = r.exitCode();
            }
        }
        return status;
    }
}
