package io.bridgelab.netfilter.rule;

/** {@code -j RETURN}: Returns to the calling chain, or applies the policy when used in a built-in chain. */
public record Return() implements Target {
    public static final Return INSTANCE = new Return();

    @Override
    public String name() {
        return "RETURN";
    }
}
