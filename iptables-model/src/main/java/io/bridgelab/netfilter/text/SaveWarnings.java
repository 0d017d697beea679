package io.bridgelab.netfilter.text;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code iptables-save} says, in comment lines of its own output, that it left out. {@link IptablesSaveParser}
 * skips comments, as iptables-restore does; these three say the text is not the whole of what the kernel runs:
 * <ul>
 * <li>{@code # Table `nat' is incompatible, use 'nft' tool.} (iptables-nft-save, xtables-save.c): the nf_tables
 * table of that name holds something iptables cannot express (a chain or rule written with {@code nft}, as firewalld,
 * a distribution's nftables.conf or another tool did), so none of it is printed, though the kernel runs all of it;</li>
 * <li>{@code # Table `filter' contains incompatible base-chains, use 'nft' tool to list them.}: the table's
 * iptables chains are printed, but base chains of other names in it are not;</li>
 * <li>{@code # Warning: iptables-legacy tables present, use iptables-legacy-save to see them} (printed on standard
 * output by some iptables-nft versions, on standard error by 1.8.9): x_tables rules, made with iptables-legacy, run
 * at the same hooks.</li>
 * </ul>
 * Each warning's table names come as iptables-save wrote them, unchecked: they name what is missing, not a table the
 * parser reads.
 *
 * @param incompatible the tables iptables-save did not print, or printed in part, in the order it named them
 * @param legacyTablesPresent whether the text says iptables-legacy tables exist beside the ones it shows
 */
public record SaveWarnings(List<Incompatible> incompatible, boolean legacyTablesPresent) {
    private static final String WHOLE = "# Table `";
    private static final String WHOLE_END = "' is incompatible, use 'nft' tool.";
    private static final String PART_END = "' contains incompatible base-chains, use 'nft' tool to list them.";
    private static final String LEGACY = "# Warning: iptables-legacy tables present";

    /** A table iptables-save could not show, wholly or in part. */
    public record Incompatible(String table, boolean whole, int line) {
        /** The sentence of iptables-save that says so, as it wrote it. */
        public String text() {
            return WHOLE + table + (whole ? WHOLE_END : PART_END);
        }
    }

    public SaveWarnings {
        incompatible = List.copyOf(incompatible);
    }

    /** No warning: the text is all the kernel runs (as far as iptables-save knows). */
    public static final SaveWarnings NONE = new SaveWarnings(List.of(), false);

    public boolean isEmpty() {
        return incompatible.isEmpty() && !legacyTablesPresent;
    }

    /** The warnings in {@code iptables-save} output; lines are numbered from 1. */
    public static SaveWarnings of(String text) {
        List<Incompatible> found = new ArrayList<>();
        boolean legacy = false;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String s = line.strip();
            if (s.startsWith(LEGACY)) {
                legacy = true;
            } else if (s.startsWith(WHOLE) && s.endsWith(WHOLE_END)
                    && s.length() > WHOLE.length() + WHOLE_END.length()) {
                found.add(new Incompatible(s.substring(WHOLE.length(), s.length() - WHOLE_END.length()), true, number));
            } else if (s.startsWith(WHOLE) && s.endsWith(PART_END) && s.length() > WHOLE.length() + PART_END.length()) {
                found.add(new Incompatible(s.substring(WHOLE.length(), s.length() - PART_END.length()), false, number));
            }
        }
        return found.isEmpty() && !legacy ? NONE : new SaveWarnings(found, legacy);
    }
}
