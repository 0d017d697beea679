package io.bridgelab.pcap.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.print.ServiceNames;
import io.bridgelab.pcap.print.TcpdumpPrinter;
import io.bridgelab.pcap.testing.ConcatenatedCapture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real tcpdump (libpcap's compiler and BPF) is the oracle for {@link CaptureFilter}: on the committed captures of
 * the host in the scenarios with the most kinds of traffic (ARP, TCP through DNAT and MASQUERADE, UDP port ranges,
 * ICMP errors, fragments, a Docker host made by dockerd), each expression must select exactly the frames
 * {@code tcpdump -r FILE -nn EXPRESSION} selects (compared by their printed lines).
 */
class CaptureFilterOracleTest {
    private static final List<String> SCENARIOS = List.of("port-mapping", "udp-port-range", "icmp-through-nat",
            "fragments", "docker-host", "reject", "hairpin", "arp-ignore");

    private static final List<String> EXPRESSIONS = List.of(
            "arp", "ip", "tcp", "udp", "icmp", "not arp", "! tcp", "icmp || udp",
            "host 172.17.0.2", "src host 192.168.1.20", "dst host 172.17.0.3", "ip host 172.17.0.1",
            "arp host 172.17.0.1", "src 172.17.0.2", "net 172.17.0.0/16", "net 192.168", "dst net 10.0.0.0/8",
            "port 8088", "port 80 or 8088", "tcp dst port 80", "src port 80", "udp", "udp portrange 9000-9005",
            "portrange 9001-9002", "udp port 9", "host 172.17.0.1 and not icmp", "tcp and (port 80 or port 8088)",
            "arp or icmp and host 172.17.0.2", "not (arp or tcp)", "host 172.17.0.2 or 172.17.0.3 and tcp",
            "ether host ff:ff:ff:ff:ff:ff", "ether src 02:00:c0:a8:01:14", "ether dst 02:00:c0:a8:01:0a",
            "tcp port 80 && ! host 127.0.0.1");

    @Test
    void selectsTheFramesTcpdumpSelects() throws IOException {
        Kernel.require("tcpdump");
        List<Path> captures = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            Path hostCaptures = Path.of("..", "fixtures", "scenarios", scenario, "captured", "captures", "host");
            try (Stream<Path> files = Files.walk(hostCaptures)) {
                files.filter(p -> p.toString().endsWith(".pcap")).sorted().forEach(captures::add);
            }
        }
        assertThat(captures).hasSizeGreaterThan(20);
        // Every capture in one file, so that each expression is one tcpdump run.
        try (ConcatenatedCapture all = ConcatenatedCapture.of(captures)) {
            int selected = 0;
            for (String expression : EXPRESSIONS) {
                int matched = compare(all.file(), expression);
                selected += matched;
                if (!expression.startsWith("arp host") && !expression.contains("dst net 10")) {
                    assertThat(matched).as("'%s' selects something", expression).isPositive();
                }
            }
            assertThat(selected).isGreaterThan(1000);
        }
    }

    private static int compare(Path capture, String expression) throws IOException {
        CaptureFilter filter = CaptureFilter.parse(expression);
        List<String> argv = new ArrayList<>(List.of("env", "TZ=UTC", "tcpdump", "-r", capture.toString(), "-nn"));
        argv.addAll(List.of(expression.split(" ")));
        Command.Result real = Command.run(argv);
        assertThat(real.exitCode()).as(expression + ": " + real.stderr()).isZero();
        List<String> ours = new ArrayList<>();
        TcpdumpPrinter printer = new TcpdumpPrinter(new TcpdumpPrinter.Options(false, true), ServiceNames.NUMERIC);
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next()) {
                byte[] frame = Arrays.copyOfRange(reader.buffer(), reader.dataOffset(),
                        reader.dataOffset() + reader.capturedLength());
                if (filter.matches(frame, frame.length)) {
                    ours.add(printer.line(reader.timestampNanos(), frame, frame.length));
                }
            }
        }
        assertThat(ours).as("'%s'", expression).containsExactlyElementsOf(real.stdout().lines().toList());
        return ours.size();
    }
}
