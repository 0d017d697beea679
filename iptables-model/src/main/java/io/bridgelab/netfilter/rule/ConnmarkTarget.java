package io.bridgelab.netfilter.rule;

/**
 * {@code -j CONNMARK}: sets the connection's mark ({@code --set-xmark value/ctmask}), saves the packet
 * mark into it ({@code --save-mark --nfmask --ctmask}) or restores it ({@code --restore-mark}).
 */
public record ConnmarkTarget(Mode mode, long value, long ctMask, long nfMask) implements Target {

    public enum Mode { SET_XMARK, SAVE, RESTORE }

    public ConnmarkTarget {
        if (mode == null) {
            throw new IllegalArgumentException("CONNMARK needs a mode");
        }
        for (long v : new long[] {value, ctMask, nfMask}) {
            if (v < 0 || v > 0xffff_ffffL) {
                throw new IllegalArgumentException("CONNMARK values are 32-bit unsigned");
            }
        }
    }

    @Override
    public String name() {
        return "CONNMARK";
    }
}
