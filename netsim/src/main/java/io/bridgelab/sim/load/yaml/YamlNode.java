package io.bridgelab.sim.load.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed YAML value that remembers where it was written, so every error about it can name the file,
 * line, column and field. Jackson's own tree ({@code JsonNode}) drops locations, hence this small one.
 */
sealed interface YamlNode {

    Where where();

    /** What a reader calls this kind of value in an error message. */
    String kindName();

    /** Where a value is: file, 1-based line and column, and its path from the top of the document. */
    record Where(Path file, int line, int column, String path) {
        Where child(String key, int childLine, int childColumn) {
            return new Where(file, childLine, childColumn, path.isEmpty() ? key : path + "." + key);
        }

        Where element(int index, int childLine, int childColumn) {
            return new Where(file, childLine, childColumn, path + "[" + index + "]");
        }
    }

    /**
     * A scalar as written (YAML's null is {@code isNull}, its text then empty).
     *
     * @param blockLine   for a literal block ({@code key: |}), the file line of its first text line; else 0
     * @param blockIndent for a literal block, the columns its text lines are indented by
     */
    record Scalar(Where where, String text, boolean isNull, int blockLine, int blockIndent) implements YamlNode {
        Scalar(Where where, String text, boolean isNull) {
            this(where, text, isNull, 0, 0);
        }

        @Override
        public String kindName() {
            return isNull ? "nothing" : "'" + text + "'";
        }
    }

    /** A sequence. */
    record Sequence(Where where, List<YamlNode> items) implements YamlNode {
        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A mapping, keys in the order written. */
    record Mapping(Where where, Map<String, YamlNode> entries, Map<String, Where> keys) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kindName() {
            return "a mapping";
        }

        /** Fails on the first key not in {@code allowed}, listing the allowed ones (a typo is the usual cause). */
        void onlyKeys(Set<String> allowed) throws ScenarioFileException {
            for (Map.Entry<String, Where> k : keys.entrySet()) {
                if (!allowed.contains(k.getKey())) {
                    Where w = k.getValue();
                    throw new ScenarioFileException(w.file(), w.line(), w.column(), w.path(), "unknown key '"
                            + k.getKey() + "' (expected one of: " + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
        }

        YamlNode get(String key) {
            return entries.get(key);
        }

        boolean has(String key) {
            YamlNode n = entries.get(key);
            return n != null && !(n instanceof Scalar s && s.isNull());
        }

        /** A required scalar's text. */
        String text(String key) throws ScenarioFileException {
            YamlNode n = entries.get(key);
            if (n == null) {
                throw ScenarioFileException.at(this, "missing required key '" + key + "'");
            }
            return scalar(n).text();
        }

        /** An optional scalar's text, or {@code absent}. */
        String text(String key, String absent) throws ScenarioFileException {
            return has(key) ? scalar(entries.get(key)).text() : absent;
        }

        boolean bool(String key, boolean absent) throws ScenarioFileException {
            if (!has(key)) {
                return absent;
            }
            Scalar s = scalar(entries.get(key));
            return switch (s.text()) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw ScenarioFileException.at(s, "expected true or false, got '" + s.text() + "'");
            };
        }

        int integer(String key, int absent, int min, int max) throws ScenarioFileException {
            if (!has(key)) {
                return absent;
            }
            Scalar s = scalar(entries.get(key));
            long v = wholeNumber(s);
            if (v < min || v > max) {
                throw ScenarioFileException.at(s, "out of " + min + ".." + max + ": " + s.text());
            }
            return (int) v;
        }

        /** An optional list (absent: empty); each item as written. */
        List<YamlNode> list(String key) throws ScenarioFileException {
            if (!has(key)) {
                return List.of();
            }
            YamlNode n = entries.get(key);
            if (n instanceof Sequence s) {
                return s.items();
            }
            throw ScenarioFileException.at(n, "expected a list, got " + n.kindName());
        }

        /** An optional list of mappings. */
        List<Mapping> mappings(String key) throws ScenarioFileException {
            List<Mapping> out = new ArrayList<>();
            for (YamlNode n : list(key)) {
                out.add(YamlNode.mapping(n));
            }
            return out;
        }

        /** An optional mapping, or null. */
        Mapping mapping(String key) throws ScenarioFileException {
            return has(key) ? YamlNode.mapping(entries.get(key)) : null;
        }
    }

    /**
     * A whole number, decimal with an optional sign; one too large for a long is {@link Long#MAX_VALUE} (or MIN),
     * so that a range check can say "out of" rather than "not a number".
     */
    static long wholeNumber(Scalar s) throws ScenarioFileException {
        if (!s.text().matches("[+-]?[0-9]+")) {
            throw ScenarioFileException.at(s, "expected a whole number, got '" + s.text() + "'");
        }
        try {
            return Long.parseLong(s.text());
        } catch (NumberFormatException e) {
            return s.text().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Scalar scalar(YamlNode n) throws ScenarioFileException {
        if (n instanceof Scalar s && !s.isNull()) {
            return s;
        }
        throw ScenarioFileException.at(n, "expected a single value, got " + n.kindName());
    }

    static Mapping mapping(YamlNode n) throws ScenarioFileException {
        if (n instanceof Mapping m) {
            return m;
        }
        throw ScenarioFileException.at(n, "expected a mapping (key: value lines), got " + n.kindName());
    }
}
