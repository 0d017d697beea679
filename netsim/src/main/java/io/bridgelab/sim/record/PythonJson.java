package io.bridgelab.sim.record;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON exactly as Python's {@code json.dump(obj, f, indent=1)} does (lib/snapshot.sh writes
 * namespaces.json and veth-peers.json that way), so a folder recorded by either tool compares byte for byte:
 * one space per level, {@code ": "} after keys, {@code []} for an empty list, ASCII escapes, no final newline.
 */
final class PythonJson {
    private PythonJson() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "" : ",").append('\n').append(" ".repeat(depth + 1));
                string(sb, e.getKey().toString());
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
                first = false;
            }
            sb.append('\n').append(" ".repeat(depth)).append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ",").append('\n').append(" ".repeat(depth + 1));
                write(sb, list.get(i), depth + 1);
            }
            sb.append('\n').append(" ".repeat(depth)).append(']');
        } else if (value == null) {
            sb.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            string(sb, value.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
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
