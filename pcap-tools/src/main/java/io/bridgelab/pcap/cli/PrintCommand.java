package io.bridgelab.pcap.cli;

import io.bridgelab.pcap.filter.CaptureFilter;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.print.ServiceNames;
import io.bridgelab.pcap.print.TcpdumpPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pcap-tools print FILE [EXPRESSION]}: tcpdump -r's lines, for a machine without tcpdump. */
@Command(name = "print", mixinStandardHelpOptions = true,
        description = {"Each packet as tcpdump 4.99 prints it with -r FILE -nn (Ethernet captures, and raw IP ones"
                + " such as a tun device's; time stamps in UTC), or only those EXPRESSION selects (Ethernet captures;"
                + " a pcap-filter subset: ip, arp, tcp, udp, icmp, [src|dst] host|net, [tcp|udp] [src|dst]"
                + " port|portrange, ether [src|dst] host, and/or/not, ( ))."})
final class PrintCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "pcap or pcapng file")
    Path file;

    @Parameters(index = "1..*", paramLabel = "EXPRESSION", description = "filter words, as tcpdump takes them")
    List<String> expression = List.of();

    @Option(names = "-e", description = "print the link-level header")
    boolean linkHeader;

    @Option(names = "-v", description = "verbose: the IP header's fields, checksums checked, HTTP's every line")
    boolean verbose;

    @Option(names = "-q", description = "quick: TCP as 'tcp LENGTH', no payload decoding")
    boolean quick;

    @Option(names = "-X", description = "each packet's bytes after the link-level header in hex and ASCII")
    boolean hex;

    @Option(names = "-A", description = "each packet's bytes after the link-level header in ASCII")
    boolean ascii;

    @Option(names = "-t", description = "no time stamps")
    boolean noTimestamps;

    @Option(names = "-c", paramLabel = "N", description = "stop after N packets")
    Integer count;

    @Mixin
    ReadOption read;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CaptureFilter filter;
        try {
            filter = CaptureFilter.parse(String.join(" ", expression));
        } catch (CaptureFilter.FilterException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expression: " + e.getMessage());
        }
        if (count != null && count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-c: invalid packet count " + count);
        }
        TcpdumpPrinter.Dump dump = hex ? TcpdumpPrinter.Dump.HEX_AND_ASCII
                : ascii ? TcpdumpPrinter.Dump.ASCII : TcpdumpPrinter.Dump.NONE;
        TcpdumpPrinter printer = new TcpdumpPrinter(
                new TcpdumpPrinter.Options(linkHeader, !noTimestamps, verbose, dump, quick), ServiceNames.NUMERIC);
        PrintWriter out = spec.commandLine().getOut();
        read.read(file, r -> {
            int printed = 0;
            while ((count == null || printed < count) && r.next()) {
                boolean raw = r.linkType() == LinkType.RAW;
                if (r.linkType() != LinkType.ETHERNET && !raw) {
                    throw new IOException("record at byte " + r.recordOffset() + " has link type "
                            + LinkType.name(r.linkType()) + ": only Ethernet and raw IP captures are printed");
                }
                if (raw && !expression.isEmpty()) {
                    throw new IOException("record at byte " + r.recordOffset() + " is raw IP (a device without a link"
                            + " layer): the filter expression applies to Ethernet frames only");
                }
                byte[] frame = Arrays.copyOfRange(r.buffer(), r.dataOffset(), r.dataOffset() + r.capturedLength());
                if (raw) {
                    out.println(printer.rawLine(r.timestampNanos(), frame, frame.length));
                    printed++;
                } else if (filter.matches(frame, frame.length)) {
                    out.println(printer.line(r.timestampNanos(), frame, frame.length));
                    printed++;
                }
            }
            return null;
        });
        out.flush();
        return 0;
    }
}
