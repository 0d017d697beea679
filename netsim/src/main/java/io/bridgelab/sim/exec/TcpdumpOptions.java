package io.bridgelab.sim.exec;

import io.bridgelab.pcap.filter.CaptureFilter;
import io.bridgelab.pcap.print.TcpdumpPrinter;

import java.util.ArrayList;
import java.util.List;

/**
 * tcpdump's command line, for the options that shape what it prints: {@code -i IF}, {@code -p} (no promiscuous
 * mode), {@code -n} ({@code -nn} is the same in tcpdump 4.99), {@code -e}, {@code -t}, {@code -v}, {@code -q},
 * {@code -X} (hex and ASCII; it wins over {@code -A}, as in tcpdump), {@code -A}, {@code -c N}, {@code -w FILE},
 * {@code -l} (no effect here), single letters clustered as getopt takes them ({@code -nni eth0}, {@code -c5}), and
 * the words left over as the filter expression, wherever they stand (glibc's getopt moves options before them).
 * Options that would change the output in ways not rendered ({@code -vv}, {@code -XX}, {@code -qq}, ...) are
 * refused by name.
 */
final class TcpdumpOptions {
    private TcpdumpOptions() {
    }

    static ShellCommand.Tcpdump parse(List<String> argv, List<String> args) {
        String iface = null;
        boolean promiscuous = true;
        boolean numeric = false;
        boolean linkHeader = false;
        boolean timestamps = true;
        int verbose = 0;
        int hex = 0;
        int quick = 0;
        int ascii = 0;
        int count = -1;
        String writeFile = null;
        List<String> expression = new ArrayList<>();
        for (int a = 0; a < args.size(); a++) {
            String arg = args.get(a);
            if (!arg.startsWith("-") || arg.equals("-")) {
                expression.add(arg);
                continue;
            }
            for (int i = 1; i < arg.length(); i++) {
                char c = arg.charAt(i);
                switch (c) {
                    case 'n' -> numeric = true;
                    case 'p' -> promiscuous = false;
                    case 'e' -> linkHeader = true;
                    case 't' -> timestamps = false;
                    case 'v' -> verbose++;
                    case 'X' -> hex++;
                    case 'q' -> quick++;
                    case 'A' -> ascii++;
                    case 'l' -> {
                        // line-buffered output: the simulation's output is whole anyway
                    }
                    case 'i', 'c', 'w' -> {
                        String value;
                        if (i + 1 < arg.length()) {
                            value = arg.substring(i + 1);
                        } else if (a + 1 < args.size()) {
                            value = args.get(++a);
                        } else {
                            throw CommandParser.unsupported(argv,
                                    "tcpdump: option requires an argument -- '" + c + "'");
                        }
                        if (c == 'i') {
                            iface = value;
                        } else if (c == 'w') {
                            writeFile = value;
                        } else {
                            count = count(argv, value);
                        }
                        i = arg.length();
                    }
                    default -> throw CommandParser.unsupported(argv, "tcpdump option -" + c + " is not rendered;"
                            + " supported: -i IF, -p, -n, -nn, -e, -t, -v, -q, -X, -A, -c N, -w FILE, -l");
                }
            }
        }
        if (hex > 1 || ascii > 1) {
            throw CommandParser.unsupported(argv, "tcpdump -" + (hex > 1 ? "XX" : "AA")
                    + " (with the link-level header) is not rendered; -X and -A are");
        }
        if (quick > 1) {
            throw CommandParser.unsupported(argv, "tcpdump -qq is not rendered; -q is");
        }
        if (verbose > 1) {
            throw CommandParser.unsupported(argv, "tcpdump -" + "v".repeat(verbose) + " is not rendered; -v is");
        }
        CaptureFilter filter;
        try {
            filter = CaptureFilter.parse(String.join(" ", expression));
        } catch (CaptureFilter.FilterException e) {
            throw CommandParser.unsupported(argv, "tcpdump expression: " + e.getMessage());
        }
        TcpdumpPrinter.Dump dump = hex > 0 ? TcpdumpPrinter.Dump.HEX_AND_ASCII
                : ascii > 0 ? TcpdumpPrinter.Dump.ASCII : TcpdumpPrinter.Dump.NONE;
        return new ShellCommand.Tcpdump(iface, promiscuous, numeric, linkHeader, timestamps, verbose == 1, quick == 1,
                dump, count, writeFile, filter);
    }

    private static int count(List<String> argv, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw CommandParser.unsupported(argv, "tcpdump: invalid packet count " + value);
    }
}
