package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.rule.TableName;

import java.util.List;

/**
 * The options of {@code iptables} and {@code iptables-save} that the listing forms use, in the spellings
 * iptables accepts: clustered short options ({@code -nvL}, {@code -t nat}, {@code -tnat}) and their long
 * names. Listing without {@code -n} is refused: the real tool then resolves addresses and ports to names.
 */
final class IptablesOptions {
    private IptablesOptions() {
    }

    static ShellCommand iptables(List<String> argv, List<String> args) {
        TableName table = TableName.FILTER;
        boolean list = false;
        boolean spec = false;
        boolean numeric = false;
        boolean verbose = false;
        boolean exact = false;
        String chain = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--table" -> table = table(argv, i + 1 < args.size() ? args.get(++i) : null);
                case "--list" -> list = true;
                case "--list-rules" -> spec = true;
                case "--numeric" -> numeric = true;
                case "--verbose" -> verbose = true;
                case "--exact" -> exact = true;
                default -> {
                    if (a.startsWith("-") && !a.startsWith("--") && a.length() > 1) {
                        for (int c = 1; c < a.length(); c++) {
                            char o = a.charAt(c);
                            switch (o) {
                                case 'L' -> list = true;
                                case 'S' -> spec = true;
                                case 'n' -> numeric = true;
                                case 'v' -> verbose = true;
                                case 'x' -> exact = true;
                                case 't' -> {
                                    String name = c + 1 < a.length() ? a.substring(c + 1)
                                            : i + 1 < args.size() ? args.get(++i) : null;
                                    table = table(argv, name);
                                    c = a.length();
                                }
                                default -> throw CommandParser.unsupported(argv, "iptables option -" + o);
                            }
                        }
                    } else if (!a.startsWith("-") && chain == null && (list || spec)) {
                        chain = a;
                    } else {
                        throw CommandParser.unsupported(argv, "iptables argument " + a);
                    }
                }
            }
        }
        if (list == spec) {
            throw CommandParser.unsupported(argv, "iptables lists with -L or -S, one of them");
        }
        if (spec) {
            if (numeric || verbose || exact) {
                // iptables accepts -v with -S (it then prints counters); netsim prints -S plain only.
                throw CommandParser.unsupported(argv, "iptables -S takes no -n/-v/-x here");
            }
            return new ShellCommand.IptablesSpec(table, chain);
        }
        if (!numeric) {
            throw CommandParser.unsupported(argv, "iptables -L without -n resolves names; add -n");
        }
        return new ShellCommand.IptablesList(table, chain, verbose, exact);
    }

    static ShellCommand save(List<String> argv, List<String> args) {
        boolean counters = false;
        TableName table = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-c", "--counters" -> counters = true;
                case "-t", "--table" -> table = table(argv, i + 1 < args.size() ? args.get(++i) : null);
                default -> throw CommandParser.unsupported(argv, "iptables-save takes -c and -t TABLE");
            }
        }
        return new ShellCommand.IptablesSave(counters, table);
    }

    private static TableName table(List<String> argv, String name) {
        if (name == null) {
            throw CommandParser.unsupported(argv, "-t needs a table");
        }
        for (TableName t : TableName.values()) {
            if (t.text().equals(name)) {
                return t;
            }
        }
        throw CommandParser.unsupported(argv, "no table '" + name + "'");
    }
}
