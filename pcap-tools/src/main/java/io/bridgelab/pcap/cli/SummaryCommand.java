package io.bridgelab.pcap.cli;

import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.stats.CaptureSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pcap-tools summary FILE}. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Counts by protocol, time span, interfaces and link types of a capture.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file")
    Path file;

    @Mixin
    ReadOption read;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (CaptureReader r = read.open(file)) {
            spec.commandLine().getOut().print(CaptureSummary.of(r));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
