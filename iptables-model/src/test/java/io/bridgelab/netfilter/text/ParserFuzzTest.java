package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz test of the parser. In a plain {@code mvn verify} it replays the seed corpus in
 * src/test/resources/io/bridgelab/netfilter/text/ParserFuzzTestInputs/fuzzParse (regression mode); with
 * {@code JAZZER_FUZZ=1} it fuzzes. The only exception the parser may throw is {@link ParseException};
 * whatever it accepts must render, re-parse to the same model and list without error.
 */
class ParserFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void fuzzParse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Ruleset ruleset;
        try {
            ruleset = IptablesSaveParser.parse(text);
        } catch (ParseException e) {
            assertThat(e.line()).isPositive();
            assertThat(e.column()).isPositive();
            return;
        }
        String saved = IptablesSaveWriter.write(ruleset, true, IptablesSaveWriter.Header.UNDATED);
        Ruleset again;
        try {
            again = IptablesSaveParser.parse(saved);
        } catch (ParseException e) {
            throw new AssertionError("accepted input renders to text the parser refuses:\n" + saved, e);
        }
        assertThat(again).isEqualTo(ruleset);
        for (TableName t : TableName.values()) {
            ListingRenderer.list(ruleset, t, ListingRenderer.Options.NVL);
            SpecRenderer.spec(ruleset, t);
        }
    }
}
