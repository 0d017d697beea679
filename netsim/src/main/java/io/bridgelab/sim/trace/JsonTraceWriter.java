package io.bridgelab.sim.trace;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Writes a {@link Trace} as JSON (schema {@value #SCHEMA}, documented in netsim/README.md). A step is
 * an object with {@code kind} first and then its record components by name, so the schema is the
 * step records themselves. Hand-written to keep Jackson off the CLI's start-up path.
 */
public final class JsonTraceWriter {
    public static final String SCHEMA = "bridgelab.netsim.trace/1";

    private JsonTraceWriter() {
    }

    public static String write(Trace trace) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("{\n  \"schema\": ").append(quote(SCHEMA))
                .append(",\n  \"scenario\": ").append(quote(trace.scenario()))
                .append(",\n  \"flow\": ").append(quote(trace.flow()))
                .append(",\n  \"packets\": [");
        for (int i = 0; i < trace.packets().size(); i++) {
            PacketTrace p = trace.packets().get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    {\"number\": ").append(p.number())
                    .append(", \"origin\": ").append(quote(p.origin()))
                    .append(", \"summary\": ").append(quote(p.summary()))
                    .append(", \"steps\": [");
            for (int j = 0; j < p.steps().size(); j++) {
                sb.append(j == 0 ? "\n" : ",\n").append("      ");
                step(sb, p.steps().get(j));
            }
            sb.append("\n    ]}");
        }
        sb.append("\n  ],\n  \"disposition\": {\"kind\": ").append(quote(trace.disposition().text()))
                .append(", \"detail\": ").append(quote(trace.disposition().detail()));
        Disposition.Counts c = trace.disposition().counts();
        if (c != null) {
            // A replayed capture's only (added in schema /1 without breaking readers).
            sb.append(",\n    \"counts\": {\"traced\": ").append(c.traced()).append(", \"delivered\": ")
                    .append(c.delivered()).append(", \"dropped\": ").append(c.dropped()).append(", \"refused\": ")
                    .append(c.refused()).append(", \"lost\": ").append(c.lost()).append(", \"untracedBefore\": ")
                    .append(c.untracedBefore()).append(", \"untracedAfter\": ").append(c.untracedAfter()).append('}');
            sb.append(",\n    \"failures\": [");
            List<DropExplainer.Failures> failures = DropExplainer.failures(trace);
            for (int i = 0; i < failures.size(); i++) {
                DropExplainer.Failures f = failures.get(i);
                DropExplanation first = f.first();
                sb.append(i == 0 ? "\n      " : ",\n      ").append("{\"count\": ").append(f.count())
                        .append(", \"firstPacket\": ").append(first.packet()).append(", \"node\": ")
                        .append(quote(first.node())).append(", \"kind\": ").append(quote(first.kind()))
                        .append(", \"where\": ").append(quote(first.where())).append(", \"rule\": ")
                        .append(quote(first.rule())).append(", \"reason\": ").append(quote(first.reason())).append('}');
            }
            sb.append(failures.isEmpty() ? "]" : "\n    ]");
        }
        DropExplanation e = DropExplainer.explain(trace);
        if (e != null) {
            // Only present when something stopped the exchange; added in schema /1 without breaking readers.
            sb.append(",\n    \"explanation\": ");
            explanation(sb, e);
        }
        sb.append('}');
        if (!trace.caveats().isEmpty()) {
            // Only present when the world has chains the simulation does not run; added in schema /1 without
            // breaking readers.
            sb.append(",\n  \"caveats\": [");
            for (int i = 0; i < trace.caveats().size(); i++) {
                sb.append(i == 0 ? "\n    " : ",\n    ").append(quote(trace.caveats().get(i)));
            }
            sb.append("\n  ]");
        }
        sb.append("\n}\n");
        return sb.toString();
    }

    private static void explanation(StringBuilder sb, DropExplanation e) {
        sb.append("{\"kind\": ").append(quote(e.kind())).append(", \"packet\": ").append(e.packet())
                .append(", \"node\": ").append(quote(e.node())).append(", \"where\": ").append(quote(e.where()))
                .append(", \"table\": ").append(quote(e.table())).append(", \"chain\": ").append(quote(e.chain()))
                .append(", \"ruleNumber\": ").append(e.ruleNumber() == null ? "null" : e.ruleNumber().toString())
                .append(", \"rule\": ").append(quote(e.rule()))
                .append(",\n      \"reason\": ").append(quote(e.reason()))
                .append(",\n      \"hint\": ").append(quote(e.hint()))
                .append(",\n      \"missedAccepts\": [");
        for (int i = 0; i < e.missedAccepts().size(); i++) {
            DropExplanation.MissedRule m = e.missedAccepts().get(i);
            sb.append(i == 0 ? "\n        " : ",\n        ").append("{\"where\": ").append(quote(m.where()))
                    .append(", \"rule\": ").append(quote(m.rule())).append(", \"reason\": ")
                    .append(quote(m.reason())).append('}');
        }
        sb.append(e.missedAccepts().isEmpty() ? "]}" : "\n      ]}");
    }

    private static void step(StringBuilder sb, TraceStep step) {
        sb.append("{\"kind\": ").append(quote(step.kind()));
        for (RecordComponent c : step.getClass().getRecordComponents()) {
            sb.append(", ").append(quote(c.getName())).append(": ");
            value(sb, read(c, step));
        }
        sb.append('}');
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(), e);
        }
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            sb.append(v);
        } else if (v instanceof FieldChange f) {
            sb.append("{\"field\": ").append(quote(f.field())).append(", \"before\": ").append(quote(f.before()))
                    .append(", \"after\": ").append(quote(f.after())).append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                value(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append(quote(v.toString()));
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
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
        return sb.append('"').toString();
    }
}
