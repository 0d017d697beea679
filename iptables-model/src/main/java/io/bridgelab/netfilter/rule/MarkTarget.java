package io.bridgelab.netfilter.rule;

/**
 * {@code -j MARK}: iptables turns every form ({@code --set-mark}, {@code --and-mark}, ...) into
 * {@code --set-xmark value/mask}, meaning mark = (mark AND NOT mask) XOR value; that is what it saves.
 */
public record MarkTarget(long value, long mask) implements Target {
    public MarkTarget {
        if (value < 0 || value > 0xffff_ffffL || mask < 0 || mask > 0xffff_ffffL) {
            throw new IllegalArgumentException("mark value and mask are 32-bit unsigned");
        }
    }

    public int apply(int mark) {
        return (int) (((mark & 0xffff_ffffL) & ~mask ^ value) & 0xffff_ffffL);
    }

    @Override
    public String name() {
        return "MARK";
    }
}
