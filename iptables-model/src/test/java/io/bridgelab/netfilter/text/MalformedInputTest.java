package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed input gives a ParseException at the right line, column and token (rulesets/malformed,
 * EXPECTED.csv); {@link KernelRoundTripTest} checks that iptables-restore rejects the same files.
 */
class MalformedInputTest {
    /** One row of EXPECTED.csv. */
    record Case(String name, int line, int column, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return Corpus.read("malformed/EXPECTED.csv").lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split(",", 4))
                .map(p -> new Case(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                        p[3].equals("<none>") ? null : p[3]))
                .toList();
    }

    static Stream<Case> caseStream() {
        return cases().stream();
    }

    @ParameterizedTest
    @MethodSource("caseStream")
    void isRejectedAtTheOffendingToken(Case c) {
        String text = Corpus.read("malformed/" + c.name() + ".rules");
        assertThatThrownBy(() -> IptablesSaveParser.parse(text))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.line()).as("line").isEqualTo(c.line());
                    assertThat(e.column()).as("column").isEqualTo(c.column());
                    assertThat(e.token()).as("token").isEqualTo(c.token());
                    assertThat(e.getMessage()).startsWith("line " + c.line() + ", column " + c.column());
                });
    }

    @Test
    void everyMalformedFileHasAnExpectation() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/rulesets/malformed"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rules"))
                    .map(n -> n.substring(0, n.length() - 6)).sorted().toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(cases().stream().map(Case::name).toList());
        }
    }

    /** Inputs iptables-restore accepts but this parser refuses on purpose (documented in package-info). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -m comment --comment \"open -j ACCEPT\\nCOMMIT\\n | 3 | 31",
        "*filter\\n:INPUT ACCEPT [0:0]\\n-I INPUT -j ACCEPT\\nCOMMIT\\n | 3 | 1",
        "*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -m iprange --src-range 10.0.0.9-10.0.0.1 -j ACCEPT\\nCOMMIT\\n | 3 | 33",
        "*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT\\nCOMMIT\\n | 3 | 13",
        "*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -p tcp --dport http -j ACCEPT\\nCOMMIT\\n | 3 | 25",
        "*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -s example.com -j ACCEPT\\nCOMMIT\\n | 3 | 13",
        "*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -p tcp -m tcp --dport 1 -m tcp --dport 2 -j ACCEPT\\nCOMMIT\\n | 3 | 41",
        "*filter\\n:INPUT ACCEPT [0:x]\\nCOMMIT\\n | 2 | 15",
    })
    void stricterThanTheKernelWhereItWouldGuessOrWeCannotModel(String escaped, int line, int column) {
        String text = escaped.strip().replace("\\n", "\n");
        assertThatThrownBy(() -> IptablesSaveParser.parse(text))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                });
    }
}
