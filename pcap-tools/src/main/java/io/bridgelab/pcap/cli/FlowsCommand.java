package io.bridgelab.pcap.cli;

import io.bridgelab.pcap.stats.Conversations;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pcap-tools flows FILE}. */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "TCP, UDP and ICMP conversations, both directions, like tshark -z conv,tcp.")
final class FlowsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file")
    Path file;

    @Mixin
    ReadOption read;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String text = read.read(file, r -> {
            String table = Conversations.format(Conversations.of(r));
            return r.skippedRecords() > 0 ? table + "skipped bad records: " + r.skippedRecords() + "\n" : table;
        });
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
