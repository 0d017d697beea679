package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static List<String> texts(String line) throws ParseException {
        return Tokenizer.split(line, 1).stream().map(Token::text).toList();
    }

    @Test
    void splitsOnBlanksAndKeepsColumns() throws ParseException {
        List<Token> tokens = Tokenizer.split("-A  INPUT\t-j ACCEPT", 7);
        assertThat(tokens).extracting(Token::text).containsExactly("-A", "INPUT", "-j", "ACCEPT");
        assertThat(tokens).extracting(Token::column).containsExactly(1, 5, 11, 14);
        assertThat(tokens).extracting(Token::line).containsOnly(7);
    }

    @Test
    void doubleQuotesGroupAndBackslashEscapesInsideThem() throws ParseException {
        assertThat(texts("--comment \"hello world\" x")).containsExactly("--comment", "hello world", "x");
        assertThat(texts("\"with \\\"double\\\" quotes\"")).containsExactly("with \"double\" quotes");
        assertThat(texts("\"it\\'s\"")).containsExactly("it's");
        assertThat(texts("\"back\\\\slash\"")).containsExactly("back\\slash");
    }

    @Test
    void quotesInsideAWordJoinAndAClosingQuoteEndsTheWord() throws ParseException {
        // iptables-restore: a"b c" is one argument "ab c"; "abc"def is two.
        assertThat(texts("a\"b c\"")).containsExactly("ab c");
        assertThat(texts("\"abc\"def")).containsExactly("abc", "def");
    }

    @Test
    void emptyQuotesAreAnEmptyArgument() throws ParseException {
        List<Token> tokens = Tokenizer.split("--log-prefix \"\" -j", 1);
        assertThat(tokens).extracting(Token::text).containsExactly("--log-prefix", "", "-j");
        assertThat(tokens.get(1).quoted()).isTrue();
    }

    @Test
    void singleQuotesAndOutsideBackslashesAreOrdinary() throws ParseException {
        assertThat(texts("'a b' c\\d")).containsExactly("'a", "b'", "c\\d");
    }

    @Test
    void anUnterminatedQuoteIsAnErrorAtTheQuote() {
        assertThatThrownBy(() -> Tokenizer.split("-m comment --comment \"open", 3))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(22);
                });
    }

    @Test
    void overlongParametersAreRefusedLikeIptablesBuffer() {
        String long1024 = "x".repeat(1024);
        assertThatThrownBy(() -> Tokenizer.split("-A " + long1024, 1)).isInstanceOf(ParseException.class)
                .hasMessageContaining("too long");
    }
}
