package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against what the real iptables 1.8.9 printed for the corpus (recorded once by the kernel
 * round-trip test's procedure and checked in), so the formats are pinned even where no kernel is at
 * hand. {@link KernelRoundTripTest} re-asks the kernel itself.
 */
class RecordedCorpusTest {
    static Stream<String> names() {
        return Corpus.HAND.stream();
    }

    static Stream<Arguments> tables() {
        return Corpus.HAND.stream().flatMap(n -> Corpus.TABLES.stream().map(t -> Arguments.of(n, t)));
    }

    @ParameterizedTest
    @MethodSource("names")
    void saveWithCountersRoundTrips(String name) throws ParseException {
        String kernel = Corpus.undate(Corpus.read("kernel/" + name + "/save-c.txt"));
        Ruleset parsed = IptablesSaveParser.parse(kernel);
        assertThat(IptablesSaveWriter.write(parsed, true, IptablesSaveWriter.Header.UNDATED)).isEqualTo(kernel);
    }

    @ParameterizedTest
    @MethodSource("names")
    void handWrittenInputRendersAsTheKernelSavedIt(String name) throws ParseException {
        Ruleset parsed = IptablesSaveParser.parse(Corpus.read("hand/" + name + ".rules"));
        String kernel = Corpus.undate(Corpus.read("kernel/" + name + "/save-c.txt"));
        assertThat(IptablesSaveWriter.write(parsed, true, IptablesSaveWriter.Header.UNDATED)).isEqualTo(kernel);
        assertThat(IptablesSaveWriter.write(parsed, false, IptablesSaveWriter.Header.UNDATED))
                .isEqualTo(Corpus.undate(Corpus.read("kernel/" + name + "/save.txt")));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void listingsMatchTheRealCommands(String name, TableName table) throws ParseException {
        Ruleset parsed = IptablesSaveParser.parse(Corpus.read("hand/" + name + ".rules"));
        String t = table.text();
        assertThat(SpecRenderer.spec(parsed, table)).isEqualTo(Corpus.read("kernel/" + name + "/S." + t + ".txt"));
        assertThat(ListingRenderer.list(parsed, table, ListingRenderer.Options.NVL))
                .isEqualTo(Corpus.read("kernel/" + name + "/nvL." + t + ".txt"));
        assertThat(ListingRenderer.list(parsed, table, ListingRenderer.Options.NL))
                .isEqualTo(Corpus.read("kernel/" + name + "/nL." + t + ".txt"));
        assertThat(ListingRenderer.list(parsed, table, ListingRenderer.Options.NVXL))
                .isEqualTo(Corpus.read("kernel/" + name + "/nvxL." + t + ".txt"));
    }

    @org.junit.jupiter.api.Test
    void dockerReferenceRoundTrips() throws ParseException {
        String reference = Corpus.read("docker-20.10-bridge.iptables-save.txt");
        assertThat(IptablesSaveWriter.write(IptablesSaveParser.parse(reference))).isEqualTo(reference);
    }
}
