package io.bridgelab.pcap.diff;

import java.util.EnumSet;
import java.util.Set;

/**
 * How two captures are compared. {@code ignore}: field groups left out of both pairing and comparison.
 * {@code natAware}: pair packets across address and port rewriting (addresses and ports leave the pairing
 * key) and report the rewrites as translations instead of changes. {@code window}: how many unpaired
 * packets a side may hold while waiting for their partner (bounds memory on huge captures; older ones are
 * reported missing/extra). {@code maxDetails}: how many changed/missing/extra packets the report lists
 * (the counts are always exact).
 */
public record DiffOptions(Set<DiffField> ignore, boolean natAware, int window, int maxDetails) {
    public static final DiffOptions DEFAULT = new DiffOptions(EnumSet.noneOf(DiffField.class), false, 100_000, 100);

    public DiffOptions {
        ignore = ignore.isEmpty() ? EnumSet.noneOf(DiffField.class) : EnumSet.copyOf(ignore);
        if (window < 1 || maxDetails < 0) {
            throw new IllegalArgumentException("window must be positive and maxDetails non-negative");
        }
    }

    public boolean ignores(DiffField field) {
        return ignore.contains(field);
    }

    public DiffOptions ignoring(DiffField... fields) {
        Set<DiffField> more = EnumSet.noneOf(DiffField.class);
        more.addAll(ignore);
        more.addAll(Set.of(fields));
        return new DiffOptions(more, natAware, window, maxDetails);
    }

    public DiffOptions withNatAware(boolean on) {
        return new DiffOptions(ignore, on, window, maxDetails);
    }
}
