package io.bridgelab.netfilter.rule;

/**
 * {@code -j CT} (raw table): {@code --notrack} exempts the packet from conntrack (UNTRACKED state),
 * {@code --zone} and {@code --helper} set the connection's zone and helper. Null/zero means the option
 * is absent.
 *
 * <p>{@code -j NOTRACK} is the same kernel target, but iptables 1.8.9 (nf_tables) saves it back as
 * {@code -j NOTRACK}, not {@code -j CT --notrack}; {@code notrackAlias} keeps that spelling so the text
 * round trip stays byte-identical. It never changes what the target does.
 */
public record CtTarget(boolean notrack, String helper, Integer zone, boolean notrackAlias) implements Target {
    /** {@code -j CT --notrack}. */
    public static final CtTarget NOTRACK = new CtTarget(true, null, null);
    /** {@code -j NOTRACK}. */
    public static final CtTarget NOTRACK_ALIAS = new CtTarget(true, null, null, true);

    public CtTarget {
        if (notrackAlias && (!notrack || helper != null || zone != null)) {
            throw new IllegalArgumentException("-j NOTRACK takes no options");
        }
    }

    public CtTarget(boolean notrack, String helper, Integer zone) {
        this(notrack, helper, zone, false);
    }

    @Override
    public String name() {
        return notrackAlias ? "NOTRACK" : "CT";
    }
}
