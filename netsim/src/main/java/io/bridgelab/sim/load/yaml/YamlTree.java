package io.bridgelab.sim.load.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into {@link YamlNode}s with their locations, using Jackson's YAML parser
 * (SnakeYAML underneath). A syntax error, a truncated file or a key written twice in one mapping is a
 * {@link ScenarioFileException} at the place the parser stopped.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Path file;
    private final JsonParser parser;
    private final List<String> lines;

    private YamlTree(Path file, JsonParser parser, String text) {
        this.file = file;
        this.parser = parser;
        this.lines = text.lines().toList();
    }

    static YamlNode parse(Path file, String text) throws ScenarioFileException {
        try (JsonParser p = FACTORY.createParser(text)) {
            YamlTree tree = new YamlTree(file, p, text);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ScenarioFileException(file, 1, 1, "", "the file is empty: expected a mapping with"
                        + " 'namespaces'");
            }
            YamlNode root = tree.value(new YamlNode.Where(file, 0, 0, ""));
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new ScenarioFileException(file, l.getLineNr(), l.getColumnNr(), "",
                        "a second YAML document: a scenario file holds one");
            }
            return root;
        } catch (JsonProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                // SnakeYAML knows where the problem is; Jackson's location is where it began the token.
                if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                    throw new ScenarioFileException(file, m.getProblemMark().getLine() + 1,
                            m.getProblemMark().getColumn() + 1, "", "not valid YAML: " + m.getProblem()
                            + (m.getContext() == null ? "" : " (" + m.getContext() + ")"));
                }
            }
            JsonLocation l = e.getLocation();
            String message = e.getOriginalMessage().strip().replace('\n', ' ').replaceAll("\\s+", " ");
            throw new ScenarioFileException(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), "",
                    "not valid YAML: " + message);
        } catch (IOException e) {
            throw new ScenarioFileException(file, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /**
     * A literal block ({@code iptables: |}) starts at its '|'; its text lines follow, so an error found inside
     * the text (an iptables-save line) can be placed in the file.
     */
    private YamlNode.Scalar scalar(YamlNode.Where here, String text) {
        int row = here.line() - 1;
        int col = here.column() - 1;
        if (row >= 0 && row < lines.size() && col >= 0 && col < lines.get(row).length()
                && lines.get(row).charAt(col) == '|') {
            for (int r = row + 1; r < lines.size(); r++) {
                String l = lines.get(r);
                if (!l.isBlank()) {
                    return new YamlNode.Scalar(here, text, false, r + 1, l.length() - l.stripLeading().length());
                }
            }
        }
        return new YamlNode.Scalar(here, text, false);
    }

    private ScenarioFileException ended(YamlNode.Where where, String what) {
        JsonLocation l = parser.currentLocation();
        return new ScenarioFileException(file, l.getLineNr(), l.getColumnNr(), where.path(), "the file ends inside "
                + what + " (begun on line " + where.line() + "): is it truncated?");
    }

    /** The value at the current token; {@code where} carries the path, the location is the token's own. */
    private YamlNode value(YamlNode.Where where) throws IOException, ScenarioFileException {
        JsonLocation l = parser.currentTokenLocation();
        YamlNode.Where here = new YamlNode.Where(file, l.getLineNr(), l.getColumnNr(), where.path());
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, YamlNode.Where> keys = new LinkedHashMap<>();
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation kl = parser.currentTokenLocation();
                YamlNode.Where keyWhere = here.child(key, kl.getLineNr(), kl.getColumnNr());
                if (keys.containsKey(key)) {
                    throw new ScenarioFileException(file, kl.getLineNr(), kl.getColumnNr(), keyWhere.path(),
                            "key '" + key + "' written twice in one mapping (first on line "
                                    + keys.get(key).line() + ")");
                }
                keys.put(key, keyWhere);
                parser.nextToken();
                entries.put(key, value(keyWhere));
            }
            if (next != JsonToken.END_OBJECT) {
                throw ended(here, "a mapping");
            }
            return new YamlNode.Mapping(here, entries, keys);
        }
        if (t == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            JsonToken next;
            while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (next == null) {
                    throw ended(here, "a list");
                }
                JsonLocation il = parser.currentTokenLocation();
                items.add(value(here.element(items.size(), il.getLineNr(), il.getColumnNr())));
            }
            return new YamlNode.Sequence(here, items);
        }
        if (t == JsonToken.VALUE_NULL) {
            return new YamlNode.Scalar(here, "", true);
        }
        if (t != null && t.isScalarValue()) {
            return scalar(here, parser.getText());
        }
        throw new ScenarioFileException(file, here.line(), here.column(), here.path(), "unexpected " + t);
    }
}
