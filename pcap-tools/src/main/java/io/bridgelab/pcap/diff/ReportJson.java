package io.bridgelab.pcap.diff;

import java.util.List;

/** Writes a {@link DiffReport} as JSON by hand: the schema is small and fixed, and this keeps the jar lean. */
final class ReportJson {
    private final StringBuilder sb = new StringBuilder();

    private ReportJson() {
    }

    static String write(DiffReport r) {
        ReportJson j = new ReportJson();
        j.sb.append("{\"schema\":\"bridgelab.pcap-diff/1\",\"same\":").append(r.same());
        j.sb.append(",\"options\":{\"ignore\":[");
        j.strings(r.options().ignore().stream().map(DiffField::cliName).toList());
        j.sb.append("],\"natAware\":").append(r.options().natAware()).append('}');
        j.sb.append(",\"counts\":{\"expected\":").append(r.expectedPackets()).append(",\"actual\":")
                .append(r.actualPackets()).append(",\"matched\":").append(r.matched()).append(",\"identical\":")
                .append(r.identical()).append(",\"changed\":").append(r.changedCount()).append(",\"missing\":")
                .append(r.missingCount()).append(",\"extra\":").append(r.extraCount()).append('}');
        j.sb.append(",\"skippedRecords\":{\"expected\":").append(r.expectedSkippedRecords()).append(",\"actual\":")
                .append(r.actualSkippedRecords()).append('}');
        j.sb.append(",\"translations\":[");
        for (int i = 0; i < r.translations().size(); i++) {
            Translation t = r.translations().get(i);
            j.sb.append(i == 0 ? "" : ",").append("{\"kind\":");
            j.string(t.kind().name());
            j.sb.append(",\"from\":");
            j.string(t.from());
            j.sb.append(",\"to\":");
            j.string(t.to());
            j.sb.append(",\"packets\":").append(t.packets()).append(",\"replies\":").append(t.replies()).append('}');
        }
        j.sb.append("],\"changed\":[");
        for (int i = 0; i < r.changed().size(); i++) {
            ChangedPacket c = r.changed().get(i);
            j.sb.append(i == 0 ? "" : ",").append("{\"expected\":");
            j.ref(c.expected());
            j.sb.append(",\"actual\":");
            j.ref(c.actual());
            j.sb.append(",\"fields\":[");
            for (int k = 0; k < c.changes().size(); k++) {
                FieldChange f = c.changes().get(k);
                j.sb.append(k == 0 ? "" : ",").append("{\"field\":");
                j.string(f.field());
                j.sb.append(",\"expected\":");
                j.string(f.expected());
                j.sb.append(",\"actual\":");
                j.string(f.actual());
                j.sb.append('}');
            }
            j.sb.append("]}");
        }
        j.sb.append("],\"missing\":");
        j.refs(r.missing());
        j.sb.append(",\"extra\":");
        j.refs(r.extra());
        j.sb.append("}");
        return j.sb.toString();
    }

    private void refs(List<PacketRef> refs) {
        sb.append('[');
        for (int i = 0; i < refs.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            ref(refs.get(i));
        }
        sb.append(']');
    }

    private void ref(PacketRef r) {
        sb.append("{\"number\":").append(r.number()).append(",\"relativeNanos\":").append(r.relativeNanos())
                .append(",\"summary\":");
        string(r.summary());
        sb.append('}');
    }

    private void strings(List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            string(values.get(i));
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
