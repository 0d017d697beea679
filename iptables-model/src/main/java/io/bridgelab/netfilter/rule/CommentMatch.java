package io.bridgelab.netfilter.rule;

/** {@code -m comment --comment TEXT}: always matches; the kernel stores up to 255 bytes. */
public record CommentMatch(String text) implements Match {
    public static final int MAX_LENGTH = 255;

    public CommentMatch {
        if (text == null || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("comment must be at most " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String module() {
        return "comment";
    }
}
