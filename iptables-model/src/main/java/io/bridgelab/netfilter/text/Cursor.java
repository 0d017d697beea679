package io.bridgelab.netfilter.text;

import java.util.List;

/** Reads the arguments of one rule line in order, remembering where each came from for error messages. */
final class Cursor {
    private final List<Token> tokens;
    private final Token lineStart;
    private int next;

    Cursor(List<Token> tokens, int start, Token lineStart) {
        this.tokens = tokens;
        this.next = start;
        this.lineStart = lineStart;
    }

    boolean hasNext() {
        return next < tokens.size();
    }

    Token peek() {
        return tokens.get(next);
    }

    Token next() {
        return tokens.get(next++);
    }

    /** The argument of {@code option}, which must be present and must not look like another option. */
    Token argument(Token option) throws ParseException {
        if (!hasNext()) {
            throw ParseException.at(option, "option " + option.text() + " requires an argument");
        }
        Token value = tokens.get(next);
        if (!value.quoted() && value.text().startsWith("-") && value.text().length() > 1
                && !Character.isDigit(value.text().charAt(1))) {
            throw ParseException.at(value, "option " + option.text() + " requires an argument, got option "
                    + value.text());
        }
        if (!value.quoted() && value.text().equals("!")) {
            throw ParseException.at(value, "'!' must come before the option, not after " + option.text());
        }
        next++;
        return value;
    }

    /** The last token read, or the start of the line when none was. */
    Token last() {
        return next > 0 ? tokens.get(next - 1) : lineStart;
    }
}
