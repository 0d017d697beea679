package io.bridgelab.netfilter.rule;

/**
 * {@code -j CT} (raw table): {@code --notrack} exempts the packet from conntrack (UNTRACKED state;
 * {@code -j NOTRACK} is saved as this), {@code --zone} and {@code --helper} set the connection's zone
 * and helper. Null/zero means the option is absent.
 */
public record CtTarget(boolean notrack, String helper, Integer zone) implements Target {
    public static final CtTarget NOTRACK = new CtTarget(true, null, null);

    @Override
    public String name() {
        return "CT";
    }
}
