package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.testing.Kernel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel is the oracle: each corpus ruleset is loaded with {@code iptables-restore -c} into a
 * throwaway namespace, and what {@code iptables-save [-c]}, {@code iptables -S [CHAIN]} and
 * {@code iptables -n[v[x]]L [CHAIN]} print must equal, byte for byte, what our parser and renderers make
 * of the same input (the save comment lines compared without their date, see {@link Corpus#undate}).
 * Malformed inputs must be refused by iptables-restore as they are by our parser.
 */
class KernelRoundTripTest {
    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (String name : Corpus.HAND) {
            all.add(Arguments.of("hand/" + name, Corpus.read("hand/" + name + ".rules")));
        }
        all.add(Arguments.of("hand/table-order", Corpus.read("hand/table-order.rules")));
        all.add(Arguments.of("docker-20.10-bridge reference", Corpus.read("docker-20.10-bridge.iptables-save.txt")));
        all.add(Arguments.of("fixtures/handwritten-all-matches.input",
                FixturesCorpusTest.read("handwritten-all-matches.input")));
        for (String name : FixturesCorpusTest.cases().toList()) {
            all.add(Arguments.of("fixtures/" + name, FixturesCorpusTest.read(name + ".counters.save")));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parseAndRenderEqualWhatTheKernelPrints(String name, String input) throws ParseException {
        Kernel.require("iptables-restore", "iptables-save", "iptables");
        Ruleset model = IptablesSaveParser.parse(input);
        try (NetworkNamespace ns = NetworkNamespace.create("mtext")) {
            Command.Result restore = ns.exec(List.of("iptables-restore", "-c"), input);
            assertThat(restore.exitCode()).as("iptables-restore: %s", restore.stderr()).isZero();
            // Save first: listing a table that is not loaded would create it.
            String savedWithCounters = ns.exec("iptables-save", "-c").orThrow().stdout();
            String saved = ns.exec("iptables-save").orThrow().stdout();
            assertThat(IptablesSaveWriter.write(model, true, IptablesSaveWriter.Header.UNDATED))
                    .isEqualTo(Corpus.undate(savedWithCounters));
            assertThat(IptablesSaveWriter.write(model, false, IptablesSaveWriter.Header.UNDATED))
                    .isEqualTo(Corpus.undate(saved));
            Ruleset reparsed = IptablesSaveParser.parse(savedWithCounters);
            assertThat(reparsed).isEqualTo(IptablesSaveParser.parse(IptablesSaveWriter.write(model, true,
                    IptablesSaveWriter.Header.NONE)));
            for (Table table : model.tables()) {
                compareListings(ns, model, table);
            }
        }
    }

    private static void compareListings(NetworkNamespace ns, Ruleset model, Table table) {
        TableName t = table.name();
        String tn = t.text();
        assertThat(SpecRenderer.spec(model, t)).isEqualTo(ns.exec("iptables", "-t", tn, "-S").orThrow().stdout());
        assertThat(ListingRenderer.list(model, t, ListingRenderer.Options.NVL))
                .isEqualTo(ns.exec("iptables", "-t", tn, "-nvL").orThrow().stdout());
        assertThat(ListingRenderer.list(model, t, ListingRenderer.Options.NL))
                .isEqualTo(ns.exec("iptables", "-t", tn, "-nL").orThrow().stdout());
        assertThat(ListingRenderer.list(model, t, ListingRenderer.Options.NVXL))
                .isEqualTo(ns.exec("iptables", "-t", tn, "-nvxL").orThrow().stdout());
        for (Chain chain : table.chains()) {
            String c = chain.name();
            assertThat(SpecRenderer.spec(model, t, c)).as("-S %s", c)
                    .isEqualTo(ns.exec("iptables", "-t", tn, "-S", c).orThrow().stdout());
            assertThat(ListingRenderer.list(model, t, c, ListingRenderer.Options.NVL)).as("-nvL %s", c)
                    .isEqualTo(ns.exec("iptables", "-t", tn, "-nvL", c).orThrow().stdout());
        }
    }

    static Stream<MalformedInputTest.Case> malformed() {
        return MalformedInputTest.caseStream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void theKernelRejectsWhatTheParserRejects(MalformedInputTest.Case c) {
        Kernel.require("iptables-restore", "iptables-save", "iptables");
        String text = Corpus.read("malformed/" + c.name() + ".rules");
        try (NetworkNamespace ns = NetworkNamespace.create("mtbad")) {
            Command.Result restore = ns.exec(List.of("iptables-restore"), text);
            assertThat(restore.exitCode()).as("iptables-restore accepted %s: %s", c.name(), restore.stdout()).isNotZero();
        }
    }

    static Stream<RepeatedOptionTest.Case> repeated() {
        return RepeatedOptionTest.caseStream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repeated")
    void theKernelRefusesARepeatedOptionInTheParsersWords(RepeatedOptionTest.Case c) {
        Kernel.require("iptables-restore");
        try (NetworkNamespace ns = NetworkNamespace.create("mtrep")) {
            Command.Result restore = ns.exec(List.of("iptables-restore"), c.ruleset());
            assertThat(restore.exitCode()).as("iptables-restore accepted %s", c.rule()).isNotZero();
            // "iptables-restore v1.8.9 (nf_tables): <the words>"; the version before the colon is the machine's.
            assertThat(restore.stderr().lines().findFirst().orElse("")).endsWith("): " + c.message());
        }
    }
}
