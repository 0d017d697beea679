package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bridgelab.netfilter.rule.TableName;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An option given twice to one match or target module is refused at the second use, in iptables' own words
 * (rulesets/repeated-options.txt); {@link KernelRoundTripTest} checks the same words against iptables-restore.
 */
class RepeatedOptionTest {
    /** One line of repeated-options.txt. */
    record Case(String table, String chain, String rule, String token, String message) {
        /** The rule as a one-rule iptables-restore input. */
        String ruleset() {
            StringBuilder text = new StringBuilder("*" + table + "\n");
            if (!TableName.fromText(table).isBuiltin(chain)) {
                text.append(':').append(chain).append(" - [0:0]\n");
            }
            return text.append("-A ").append(chain).append(' ').append(rule).append("\nCOMMIT\n").toString();
        }

        @Override
        public String toString() {
            return table + " " + rule;
        }
    }

    static List<Case> cases() {
        return Corpus.read("repeated-options.txt").lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\\|", 5))
                .map(p -> new Case(p[0], p[1], p[2], p[3], p[4]))
                .toList();
    }

    static Stream<Case> caseStream() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseStream")
    void theSecondUseIsRefusedInIptablesWords(Case c) {
        ParseException e = catchThrowableOfType(ParseException.class, () -> IptablesSaveParser.parse(c.ruleset()));
        assertThat(e).as("parsed %s", c.rule()).isNotNull();
        assertThat(e.reason()).isEqualTo(c.message());
        assertThat(e.token()).isEqualTo(c.token());
        assertThat(e.line()).isEqualTo(c.ruleset().lines().toList().indexOf("-A " + c.chain() + " " + c.rule()) + 1);
        assertThat(e.column()).isEqualTo(("-A " + c.chain() + " " + c.rule()).lastIndexOf(c.token()) + 1);
    }
}
