package io.bridgelab.pcap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import java.io.IOException;
import java.util.List;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapToolsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PcapTools.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private String fixture(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/captures/" + name)) {
            Files.copy(in, p);
        }
        return p.toString();
    }

    @Test
    void summaryCountsProtocolsAndInterfaces() throws IOException {
        Run r = run("summary", fixture("kernel-mixed.pcapng"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("packets:        48\n", "  1: any, LINUX_SLL2, snaplen 262144",
                "  arp: 6\n", "  ipv4/icmp: 15\n", "  ipv4/tcp: 24\n", "  ipv4/udp: 3\n", "duration:       1.129734 s");
    }

    @Test
    void flowsListConversationsLikeTshark() throws IOException {
        Run r = run("flows", fixture("kernel-eth.pcap"));
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).hasSize(4);
        assertThat(r.out().lines().skip(1).findFirst().orElseThrow())
                .matches("tcp +10\\.77\\.0\\.1:\\d+ +<-> 10\\.77\\.0\\.2:8080 +5 +348 +3 +206 +8 +554 .*");
    }

    @Test
    void flowsAgreeWithTsharkConversationCounts() throws IOException {
        Kernel.require("tshark");
        String file = fixture("kernel-eth.pcap");
        Command.Result t = Command.run("tshark", "-n", "-q", "-r", file, "-z", "conv,tcp");
        assertThat(t.exitCode()).isZero();
        // tshark: "10.77.0.1:58934 <-> 10.77.0.2:8080  3 206 bytes  5 348 bytes  8 554 bytes ..." (B->A first).
        assertThat(t.stdout().replaceAll(" +", " ")).contains("<-> 10.77.0.2:8080 3 206 bytes 5 348 bytes 8 554 bytes");
    }

    /** print is tcpdump -r -nn (and its -e, -v, -X, -A, -t, -c and filter), held to the real one on a fixture. */
    @Test
    void printPrintsWhatTcpdumpPrints() throws IOException {
        Kernel.require("tcpdump");
        String file = "../fixtures/scenarios/port-mapping/captured/captures/host/eth0.pcap";
        // Each case: the options, then the expression (after the file for print, anywhere for tcpdump).
        String[][][] cases = {
                {{}, {}}, {{"-e", "-v"}, {}}, {{"-X", "-t"}, {}}, {{"-A"}, {}}, {{"-q", "-e"}, {}},
                {{"-c", "3"}, {"tcp", "and", "port", "8088"}}, {{}, {"arp", "or", "icmp"}}};
        for (String[][] c : cases) {
            List<String> real = new java.util.ArrayList<>(List.of("env", "TZ=UTC", "tcpdump", "-nn", "-r", file));
            real.addAll(List.of(c[0]));
            real.addAll(List.of(c[1]));
            Command.Result t = Command.run(real);
            assertThat(t.exitCode()).isZero();
            List<String> ours = new java.util.ArrayList<>(List.of("print"));
            ours.addAll(List.of(c[0]));
            ours.add(file);
            ours.addAll(List.of(c[1]));
            Run r = run(ours.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", ours) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", ours)).isEqualTo(t.stdout()).isNotEmpty();
        }
        Run bad = run("print", file, "port", "http");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("pcap-tools: expression: 'http' is no port number");
        Run nflog = run("print", "../fixtures/scenarios/localhost/captured/captures/host/local-output.nflog");
        assertThat(nflog.code()).isEqualTo(2);
        assertThat(nflog.err()).contains("has link type LINKTYPE_239: only Ethernet and raw IP captures are printed");
        String tun = "../fixtures/scenarios/other-links/captured/captures/host/tun0.pcap";
        Run raw = run("print", "-e", tun);
        assertThat(raw.code()).as(raw.err()).isZero();
        assertThat(raw.out()).contains(" ip: 10.20.0.1.").endsWith(" > 10.30.1.1.9: UDP, length 72\n");
        Run filtered = run("print", tun, "udp");
        assertThat(filtered.code()).isEqualTo(2);
        assertThat(filtered.err()).contains("is raw IP (a device without a link layer): the filter expression applies"
                + " to Ethernet frames only");
    }

    @Test
    void diffExitCodesAndFormats() throws IOException {
        String eth = fixture("kernel-eth.pcap");
        String any = fixture("kernel-any.pcap");
        assertThat(run("diff", eth, eth).code()).isZero();
        Run differ = run("diff", eth, any);
        assertThat(differ.code()).isEqualTo(1);
        assertThat(differ.out()).startsWith("captures differ:");
        Run same = run("diff", eth, any, "--ignore", "ts,link", "--format", "json");
        assertThat(same.code()).isZero();
        assertThat(same.out()).startsWith("{\"schema\":\"bridgelab.pcap-diff/1\",\"same\":true,"
                + "\"options\":{\"ignore\":[\"ts\",\"link\"],\"natAware\":false}");
        assertThat(run("diff", eth, any, "--nat-aware", "--ignore", "ts,link").code()).isZero();
    }

    @Test
    void errorsAreOneLineWithExitCodeTwo() throws IOException {
        String eth = fixture("kernel-eth.pcap");
        Run missing = run("diff", eth, dir.resolve("nope.pcap").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().lines().toList()).singleElement().asString().startsWith("pcap-tools: no such file: ");
        Run badField = run("diff", eth, eth, "--ignore", "ttl,colour");
        assertThat(badField.code()).isEqualTo(2);
        assertThat(badField.err().lines().toList()).singleElement().asString().contains("unknown field 'colour'");
        Path garbage = dir.resolve("garbage.pcap");
        Files.writeString(garbage, "not a capture at all");
        Run bad = run("summary", garbage.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("pcap-tools: " + garbage + ": at byte 0: expected pcap magic a1b2c3d4/a1b23c4d "
                + "(either byte order) or pcapng 0a0d0d0a, found 6e6f7420\n");
        byte[] whole = Files.readAllBytes(Path.of(eth));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        Run truncated = run("diff", eth, cut.toString());
        assertThat(truncated.code()).isEqualTo(2);
        assertThat(truncated.err()).startsWith("pcap-tools: " + cut + ": at byte ")
                .contains("truncated record: header says").endsWith("\n").hasLineCount(1);
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void lenientSkipsTheTruncatedTail() throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(fixture("kernel-eth.pcap")));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        assertThat(run("summary", cut.toString()).code()).isEqualTo(2);
        Run lenient = run("summary", "--lenient", cut.toString());
        assertThat(lenient.code()).isZero();
        assertThat(lenient.out()).contains("packets:        15\n", "skipped bad records: 1");
    }

    @Test
    void lenientDiffAndFlowsSayHowManyRecordsTheySkipped() throws IOException {
        String eth = fixture("kernel-eth.pcap");
        byte[] whole = Files.readAllBytes(Path.of(eth));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        Run text = run("diff", "--lenient", cut.toString(), eth);
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("\nskipped bad records: 1 in expected, 0 in actual\n");
        Run json = run("diff", "--lenient", "--format", "json", eth, cut.toString());
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).contains("\"skippedRecords\":{\"expected\":0,\"actual\":1}");
        Run flows = run("flows", "--lenient", cut.toString());
        assertThat(flows.code()).isZero();
        assertThat(flows.out()).endsWith("\nskipped bad records: 1\n");
        assertThat(run("flows", eth).out()).doesNotContain("skipped");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"summary", "--help"}, {"flows", "--help"}, {"diff", "--help"}}) {
            Run r = run(args);
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("Usage: pcap-tools");
        }
    }
}
