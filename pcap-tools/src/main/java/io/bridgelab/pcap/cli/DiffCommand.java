package io.bridgelab.pcap.cli;

import io.bridgelab.pcap.diff.CaptureComparison;
import io.bridgelab.pcap.diff.DiffField;
import io.bridgelab.pcap.diff.DiffOptions;
import io.bridgelab.pcap.diff.DiffReport;
import io.bridgelab.pcap.diff.PacketSource;
import io.bridgelab.pcap.io.CaptureReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pcap-tools diff EXPECTED ACTUAL}: exit 0 same, 1 different, 2 error. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Pair the packets of two captures and report matched, missing, extra and changed packets.",
            "Exit status: 0 same, 1 different, 2 error."})
final class DiffCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "EXPECTED")
    Path expected;

    @Parameters(index = "1", paramLabel = "ACTUAL")
    Path actual;

    @Option(names = "--ignore", paramLabel = "FIELDS",
            description = "Comma list of fields to ignore: ts, mac, vlan, link, ttl, tos, ipid, frag, ipopts, "
                    + "checksum, len, addr, port, seq, flags, window, tcpopts, icmp, payload, padding.")
    String ignore = "";

    @Option(names = "--nat-aware", description = "Pair across address/port rewrites and report the translations.")
    boolean natAware;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Option(names = "--window", paramLabel = "N", description = "Unpaired packets a side may hold (default 100000).")
    int window = 100_000;

    @Option(names = "--max-details", paramLabel = "N", description = "Packets listed per category (default 100).")
    int maxDetails = 100;

    @Mixin
    ReadOption read;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Set<DiffField> ignored;
        try {
            ignored = DiffField.parseList(ignore);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (window < 1 || maxDetails < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window must be positive, --max-details >= 0");
        }
        DiffOptions options = new DiffOptions(ignored, natAware, window, maxDetails);
        DiffReport report;
        try (CaptureReader e = read.open(expected); CaptureReader a = read.open(actual)) {
            report = CaptureComparison.compare(new PacketSource(e), new PacketSource(a), options);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        var out = spec.commandLine().getOut();
        out.print(format == Format.json ? report.toJson() + "\n" : report.toString());
        out.flush();
        return report.same() ? 0 : 1;
    }
}
