package io.bridgelab.netfilter.rule;

/** {@code -m mark [!] --mark value[/mask]}: (packet mark & mask) == value. */
public record MarkMatch(long value, long mask, boolean negated) implements Match {
    public MarkMatch {
        if (value < 0 || value > 0xffff_ffffL || mask < 0 || mask > 0xffff_ffffL) {
            throw new IllegalArgumentException("mark and mask are 32-bit unsigned");
        }
    }

    public boolean test(int mark) {
        return ((mark & 0xffff_ffffL & mask) == value) != negated;
    }

    @Override
    public String module() {
        return "mark";
    }
}
