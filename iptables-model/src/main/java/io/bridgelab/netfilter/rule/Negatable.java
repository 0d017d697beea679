package io.bridgelab.netfilter.rule;

/**
 * A match value with iptables' {@code !} in front or not. Absent options are a null {@code Negatable},
 * never a Negatable of null.
 */
public record Negatable<T>(T value, boolean negated) {
    public Negatable {
        if (value == null) {
            throw new IllegalArgumentException("a negatable option needs a value");
        }
    }

    public static <T> Negatable<T> of(T value) {
        return new Negatable<>(value, false);
    }

    public static <T> Negatable<T> not(T value) {
        return new Negatable<>(value, true);
    }

    /** Applies the negation to the test of the plain value. */
    public boolean test(boolean plainResult) {
        return plainResult != negated;
    }
}
