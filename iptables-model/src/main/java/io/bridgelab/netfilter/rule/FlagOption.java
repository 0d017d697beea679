package io.bridgelab.netfilter.rule;

/** An option that is a bare flag which may be negated, such as {@code [!] --physdev-is-bridged}. */
public enum FlagOption {
    ABSENT, SET, NEGATED;

    /** Whether a packet with the property {@code present} passes this option. */
    public boolean test(boolean present) {
        return switch (this) {
            case ABSENT -> true;
            case SET -> present;
            case NEGATED -> !present;
        };
    }
}
