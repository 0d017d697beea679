package io.bridgelab.netfilter.text;

/**
 * A ruleset text that iptables-restore would not accept, or that this model does not support. It names
 * the 1-based line and column of the offending token, the token itself and what was expected, so that a
 * user can find it in their file; nothing unsupported is ever skipped silently.
 */
public final class ParseException extends Exception {
    private final int line;
    private final int column;
    private final String token;
    private final String reason;

    public ParseException(int line, int column, String token, String reason) {
        super("line " + line + ", column " + column + (token == null ? "" : " ('" + token + "')") + ": " + reason);
        this.line = line;
        this.column = column;
        this.token = token;
        this.reason = reason;
    }

    static ParseException at(Token token, String reason) {
        return new ParseException(token.line(), token.column(), token.text(), reason);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The offending token as written (quotes removed), or null when the error is about a whole line. */
    public String token() {
        return token;
    }

    /** What was wrong, without the position. */
    public String reason() {
        return reason;
    }
}
