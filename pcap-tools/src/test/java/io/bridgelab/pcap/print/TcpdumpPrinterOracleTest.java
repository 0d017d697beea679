package io.bridgelab.pcap.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real tcpdump (4.99, as Debian 12 ships it) is the oracle: every committed capture of {@code fixtures/}, made
 * by real kernels (TCP with options, HTTP through DNAT, UDP, ICMP errors of every kind the scenarios provoke,
 * fragments, ARP), must print line for line, time stamps included, as {@code TZ=UTC tcpdump -r FILE} prints it,
 * with {@code -nn}, {@code -e -nn}, {@code -v -nn} and {@code -e -v -nn}. (Without {@code -n} tcpdump would ask the resolver for names, which a
 * test must not send anywhere; the port names then printed are ServiceNamesTest's.)
 */
class TcpdumpPrinterOracleTest {
    private static final Path FIXTURES = Path.of("..", "fixtures");

    @Test
    void printsEveryFixtureCaptureAsTcpdumpDoes() throws IOException {
        Kernel.require("tcpdump");
        List<Path> captures;
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            captures = files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(captures).hasSizeGreaterThan(100);
        int lines = 0;
        for (Path capture : captures) {
            lines += compare(capture, List.of("-nn"), new TcpdumpPrinter.Options(false, true), ServiceNames.NUMERIC);
            compare(capture, List.of("-nn", "-e"), new TcpdumpPrinter.Options(true, true), ServiceNames.NUMERIC);
            compare(capture, List.of("-nn", "-v"), new TcpdumpPrinter.Options(false, true, true), ServiceNames.NUMERIC);
            compare(capture, List.of("-nn", "-e", "-v"), new TcpdumpPrinter.Options(true, true, true),
                    ServiceNames.NUMERIC);
        }
        assertThat(lines).isGreaterThan(1000);
    }

    private static int compare(Path capture, List<String> flags, TcpdumpPrinter.Options options, ServiceNames names)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("env", "TZ=UTC", "tcpdump", "-r", capture.toString()));
        argv.addAll(flags);
        Command.Result real = Command.run(argv);
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        List<String> expected = real.stdout().lines().toList();
        List<String> ours = new ArrayList<>();
        TcpdumpPrinter printer = new TcpdumpPrinter(options, names);
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                assertThat(reader.linkType()).isEqualTo(LinkType.ETHERNET);
                byte[] frame = java.util.Arrays.copyOfRange(reader.buffer(), reader.dataOffset(),
                        reader.dataOffset() + reader.capturedLength());
                // A -v line may hold several of tcpdump's lines.
                ours.addAll(printer.line(reader.timestampNanos(), frame, frame.length).lines().toList());
            }
        }
        assertThat(ours).as("%s with %s", capture, flags).containsExactlyElementsOf(expected);
        return ours.size();
    }
}
