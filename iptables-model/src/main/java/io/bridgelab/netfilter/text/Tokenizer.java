package io.bridgelab.netfilter.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into arguments exactly as iptables-restore's {@code add_param_to_argv} does: blanks
 * separate, a double quote opens a quoted run in which a backslash takes the next character literally,
 * and a closing quote ends the argument. Outside quotes a backslash is an ordinary character and single
 * quotes mean nothing (iptables-restore rejects {@code 'a b'} as two arguments).
 */
final class Tokenizer {
    /** iptables' parameter buffer is 1024 bytes including the NUL. */
    static final int MAX_TOKEN = 1023;

    private Tokenizer() {
    }

    static List<Token> split(String line, int lineNumber) throws ParseException {
        List<Token> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoteOpen = false;
        boolean escaped = false;
        boolean quoted = false;
        int start = -1;
        int quoteColumn = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoteOpen) {
                if (escaped) {
                    current.append(c);
                    escaped = false;
                    continue;
                } else if (c == '\\') {
                    escaped = true;
                    continue;
                } else if (c != '"') {
                    current.append(c);
                    continue;
                }
                quoteOpen = false;
            } else if (c == '"') {
                quoteOpen = true;
                quoted = true;
                quoteColumn = i + 1;
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '"') {
                if (c != '"' && current.length() == 0 && !quoted) {
                    continue;
                }
                tokens.add(finish(current, lineNumber, start, quoted));
                current.setLength(0);
                quoted = false;
                start = -1;
                continue;
            }
            if (start < 0) {
                start = i;
            }
            current.append(c);
            if (current.length() > MAX_TOKEN) {
                throw new ParseException(lineNumber, start + 1, null, "parameter too long (iptables allows "
                        + MAX_TOKEN + " bytes)");
            }
        }
        if (quoteOpen) {
            // iptables-restore would swallow the newline and keep going; we refuse the ambiguity.
            throw new ParseException(lineNumber, quoteColumn, "\"", "unterminated double quote");
        }
        if (current.length() > 0) {
            tokens.add(finish(current, lineNumber, start, quoted));
        }
        return tokens;
    }

    private static Token finish(StringBuilder text, int line, int start, boolean quoted) throws ParseException {
        if (text.length() > MAX_TOKEN) {
            throw new ParseException(line, start + 1, null, "parameter too long");
        }
        return new Token(text.toString(), line, start + 1, quoted);
    }
}
