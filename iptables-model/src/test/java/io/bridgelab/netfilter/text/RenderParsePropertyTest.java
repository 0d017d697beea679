package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** render(parse(render(r))) == render(r): the writer's output is a fixed point of parse-then-write. */
class RenderParsePropertyTest {
    @Provide
    Arbitrary<Ruleset> rulesets() {
        return RulesetArbitraries.rulesets();
    }

    @Property(tries = 200)
    void saveTextIsAFixedPoint(@ForAll("rulesets") Ruleset ruleset) throws ParseException {
        String once = IptablesSaveWriter.write(ruleset, true, IptablesSaveWriter.Header.UNDATED);
        Ruleset parsed = IptablesSaveParser.parse(once);
        assertThat(IptablesSaveWriter.write(parsed, true, IptablesSaveWriter.Header.UNDATED)).isEqualTo(once);
        assertThat(IptablesSaveParser.parse(IptablesSaveWriter.write(parsed, true, IptablesSaveWriter.Header.NONE)))
                .isEqualTo(parsed);
    }

    @Property(tries = 50)
    void listingsOfTheParsedTextEqualListingsOfTheModel(@ForAll("rulesets") Ruleset ruleset) throws ParseException {
        Ruleset parsed = IptablesSaveParser.parse(IptablesSaveWriter.write(ruleset, true, IptablesSaveWriter.Header.NONE));
        for (TableName t : Corpus.TABLES) {
            assertThat(ListingRenderer.list(parsed, t, ListingRenderer.Options.NVL))
                    .isEqualTo(ListingRenderer.list(ruleset, t, ListingRenderer.Options.NVL));
            assertThat(SpecRenderer.spec(parsed, t)).isEqualTo(SpecRenderer.spec(ruleset, t));
        }
    }
}
