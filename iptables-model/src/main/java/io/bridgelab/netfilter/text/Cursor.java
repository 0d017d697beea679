package io.bridgelab.netfilter.text;

import java.util.List;

/** Reads the arguments of one rule line in order, remembering where each came from for error messages. */
final class Cursor {
    private final List<Token> tokens;
    private int next;

    Cursor(List<Token> tokens, int start) {
        this.tokens = tokens;
        this.next = start;
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

    /** The argument of {@code option}, which must be present and must not be a bare {@code !}. */
    Token argument(Token option) throws ParseException {
        if (!hasNext()) {
            throw ParseException.at(option, "option " + option.text() + " requires an argument");
        }
        // Like getopt, the next argument is taken whatever it looks like ("--comment -c-" is a comment).
        Token value = tokens.get(next);
        if (!value.quoted() && value.text().equals("!")) {
            throw ParseException.at(value, "'!' must come before the option, not after " + option.text());
        }
        next++;
        return value;
    }
}
