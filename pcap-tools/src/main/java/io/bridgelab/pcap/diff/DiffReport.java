package io.bridgelab.pcap.diff;

import java.util.List;

/**
 * The result of comparing an expected capture with an actual one: counts (always exact) and up to
 * {@link DiffOptions#maxDetails()} changed, missing and extra packets, plus the NAT translations seen, and
 * the bad records each capture's reader skipped (lenient reading only: a skipped record is neither paired
 * nor missing, so the report says so rather than leave it silent).
 * {@link #toString()} is the readable report tests print when captures differ; {@link #toJson()} the
 * machine-readable one (schema in the module README).
 */
public record DiffReport(
        DiffOptions options,
        long expectedPackets,
        long actualPackets,
        long matched,
        long identical,
        long changedCount,
        long missingCount,
        long extraCount,
        List<ChangedPacket> changed,
        List<PacketRef> missing,
        List<PacketRef> extra,
        List<Translation> translations,
        long expectedSkippedRecords,
        long actualSkippedRecords) {

    public DiffReport {
        changed = List.copyOf(changed);
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        translations = List.copyOf(translations);
    }

    /** True when every packet paired and no pair differs (NAT translations alone do not make a difference). */
    public boolean same() {
        return changedCount == 0 && missingCount == 0 && extraCount == 0;
    }

    /** This report if the captures match; otherwise an {@link AssertionError} whose message is the report. */
    public DiffReport requireSame() {
        if (!same()) {
            throw new AssertionError(toString());
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(same() ? "captures match" : "captures differ").append(": ").append(expectedPackets)
                .append(" expected, ").append(actualPackets).append(" actual packets; ").append(matched)
                .append(" paired (").append(identical).append(" identical, ").append(changedCount)
                .append(" changed), ").append(missingCount).append(" missing, ").append(extraCount).append(" extra");
        if (!options.ignore().isEmpty()) {
            sb.append("; ignoring ").append(String.join(",", options.ignore().stream().map(DiffField::cliName).toList()));
        }
        sb.append('\n');
        if (expectedSkippedRecords > 0 || actualSkippedRecords > 0) {
            sb.append("skipped bad records: ").append(expectedSkippedRecords).append(" in expected, ")
                    .append(actualSkippedRecords).append(" in actual\n");
        }
        if (!translations.isEmpty()) {
            sb.append("translations:\n");
            for (Translation t : translations) {
                sb.append("  ").append(t).append(": ").append(t.packets()).append(" packets, ").append(t.replies())
                        .append(" replies\n");
            }
        }
        if (!changed.isEmpty()) {
            sb.append("changed:\n");
            for (ChangedPacket c : changed) {
                sb.append("  expected ").append(c.expected()).append('\n');
                sb.append("  actual   ").append(c.actual()).append('\n');
                for (FieldChange f : c.changes()) {
                    sb.append("      ").append(f).append('\n');
                }
            }
        }
        list(sb, "missing (expected, not in actual)", missing, missingCount);
        list(sb, "extra (in actual, not expected)", extra, extraCount);
        return sb.toString();
    }

    private static void list(StringBuilder sb, String title, List<PacketRef> refs, long count) {
        if (count == 0) {
            return;
        }
        sb.append(title).append(":\n");
        for (PacketRef r : refs) {
            sb.append("  ").append(r).append('\n');
        }
        if (count > refs.size()) {
            sb.append("  ... ").append(count - refs.size()).append(" more\n");
        }
    }

    /** The report as JSON (see the module README for the schema). */
    public String toJson() {
        return ReportJson.write(this);
    }
}
