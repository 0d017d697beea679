package io.bridgelab.pcap.print;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.testing.ConcatenatedCapture;

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
 * with {@code -nn}, {@code -e -nn}, {@code -v -nn}, {@code -e -v -nn}, {@code -q}, {@code -q -e}, {@code -X -nn} and
 * {@code -A -nn}. (Without
 * {@code -n} tcpdump would ask the resolver for names, which a test must not send anywhere; the port names then
 * printed are ServiceNamesTest's.)
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
        List<Path> ethernet = new ArrayList<>();
        List<Path> raw = new ArrayList<>();
        for (Path c : captures) {
            int linkType = ConcatenatedCapture.linkTypeOf(c);
            assertThat(linkType).as(c.toString()).isIn(LinkType.ETHERNET, LinkType.RAW);
            (linkType == LinkType.RAW ? raw : ethernet).add(c);
        }
        assertThat(raw).as("a tun device's captures (other-links)").isNotEmpty();
        assertThat(printedEveryWay(ethernet, LinkType.ETHERNET)).isGreaterThan(3_000);
        assertThat(printedEveryWay(raw, LinkType.RAW)).isPositive();
    }

    /**
     * Every capture in one file, so that each way of printing is one tcpdump run (its conversations' sequence bases
     * carry over from one capture to the next, in tcpdump and here alike); returns the lines of the first way.
     */
    private static int printedEveryWay(List<Path> captures, int linkType) throws IOException {
        try (ConcatenatedCapture concatenated = ConcatenatedCapture.of(captures, linkType)) {
            Path all = concatenated.file();
            int lines = compare(all, List.of("-nn"), new TcpdumpPrinter.Options(false, true));
            compare(all, List.of("-nn", "-e"), new TcpdumpPrinter.Options(true, true));
            compare(all, List.of("-nn", "-v"), new TcpdumpPrinter.Options(false, true, true));
            compare(all, List.of("-nn", "-e", "-v"), new TcpdumpPrinter.Options(true, true, true));
            compare(all, List.of("-nn", "-X"),
                    new TcpdumpPrinter.Options(false, true, false, TcpdumpPrinter.Dump.HEX_AND_ASCII));
            compare(all, List.of("-nn", "-q"),
                    new TcpdumpPrinter.Options(false, true, false, TcpdumpPrinter.Dump.NONE, true));
            compare(all, List.of("-nn", "-q", "-e"),
                    new TcpdumpPrinter.Options(true, true, false, TcpdumpPrinter.Dump.NONE, true));
            compare(all, List.of("-nn", "-A"),
                    new TcpdumpPrinter.Options(false, true, false, TcpdumpPrinter.Dump.ASCII));
            return lines;
        }
    }

    /** Requires tcpdump's lines and ours to be the same, line for line; returns how many there are. */
    private static int compare(Path capture, List<String> flags, TcpdumpPrinter.Options options) throws IOException {
        List<String> argv = new ArrayList<>(List.of("env", "TZ=UTC", "tcpdump", "-r", capture.toString()));
        argv.addAll(flags);
        Command.Result real = Command.run(argv);
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        StringBuilder ours = new StringBuilder();
        TcpdumpPrinter printer = new TcpdumpPrinter(options, ServiceNames.NUMERIC);
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                byte[] frame = java.util.Arrays.copyOfRange(reader.buffer(), reader.dataOffset(),
                        reader.dataOffset() + reader.capturedLength());
                ours.append(reader.linkType() == LinkType.RAW ? printer.rawLine(reader.timestampNanos(), frame,
                        frame.length) : printer.line(reader.timestampNanos(), frame, frame.length)).append('\n');
            }
        }
        List<String> expected = List.of(real.stdout().split("\n", -1));
        assertThat(List.of(ours.toString().split("\n", -1))).as("with %s", flags)
                .containsExactlyElementsOf(expected);
        return expected.size();
    }
}
