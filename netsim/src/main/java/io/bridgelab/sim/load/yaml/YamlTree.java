package io.bridgelab.sim.load.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
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
 *
 * <p>Anchors and aliases ({@code &page}, {@code *page}) are refused: the first alias where it stands, else the
 * first anchor. Jackson's YAML parser gives an alias as a string holding the anchor's name and drops the anchor
 * of a scalar, so a file using them would load as a silently different world; resolving them here would also
 * give the copied value the anchor's place and field in every error about the alias. Writing the value out
 * costs the reader little.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Path file;
    private final JsonParser parser;
    private final List<String> lines;
    /** The anchors seen so far, by name, where they stand (for the error about an alias, or the first anchor). */
    private final Map<String, YamlNode.Where> anchors = new LinkedHashMap<>();

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
            if (!tree.anchors.isEmpty()) {
                Map.Entry<String, YamlNode.Where> anchor = tree.anchors.entrySet().iterator().next();
                YamlNode.Where w = anchor.getValue();
                throw new ScenarioFileException(file, w.line(), w.column(), w.path(), "YAML anchors (&"
                        + anchor.getKey() + ") are not supported: write the value out where it is needed");
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
     * the text (an iptables-save line) can be placed in the file. Text line 1 is the file line after the '|'
     * even when blank (a literal block keeps leading empty lines). The indentation is taken from the text
     * itself rather than recomputed from YAML's rules (auto-detected, or {@code |2} counted from the parent's
     * indentation): a literal block keeps each line's characters after the indentation, so a text line's file
     * line ends with it.
     */
    private YamlNode.Scalar scalar(YamlNode.Where here, String text) {
        int row = here.line() - 1;
        int col = here.column() - 1;
        if (row >= 0 && row < lines.size() && col >= 0 && col < lines.get(row).length()
                && lines.get(row).charAt(col) == '|') {
            List<String> textLines = text.lines().toList();
            for (int t = 0; t < textLines.size() && row + 1 + t < lines.size(); t++) {
                String inText = textLines.get(t);
                String inFile = lines.get(row + 1 + t);
                if (!inText.isEmpty()) {
                    if (!inFile.endsWith(inText)) {
                        break; // not the 1:1 mapping assumed: give the block's own place, not a wrong line
                    }
                    return new YamlNode.Scalar(here, text, false, row + 2, inFile.length() - inText.length());
                }
            }
        }
        return new YamlNode.Scalar(here, text, false);
    }

    private void refuseAliasNoteAnchor(YamlNode.Where here, JsonToken t) throws IOException, ScenarioFileException {
        if (parser instanceof YAMLParser y && y.isCurrentAlias()) {
            YamlNode.Where anchor = anchors.get(parser.getText());
            throw new ScenarioFileException(file, here.line(), here.column(), here.path(), "YAML aliases (*"
                    + parser.getText() + ") are not supported: write the value out"
                    + (anchor == null ? "" : " (its anchor is on line " + anchor.line() + ")"));
        }
        // The parser keeps the anchor of a mapping or a list, but not of a scalar: that one is read from the text
        // (not a mapping's: a block mapping starts where its first key does, and that key's anchor is the key's).
        boolean collection = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
        String anchor = collection ? (parser instanceof YAMLParser y ? y.getCurrentAnchor() : null) : anchorAt(here);
        if (anchor != null) {
            anchors.putIfAbsent(anchor, here);
        }
    }

    /**
     * The anchor written at a node's place ({@code &page "text"}, or after a tag: {@code !!str &page text}), or
     * null. A node's location is where its properties begin, so the anchor, if any, is the first or second word.
     */
    private String anchorAt(YamlNode.Where at) {
        int row = at.line() - 1;
        if (row < 0 || row >= lines.size()) {
            return null;
        }
        String l = lines.get(row);
        int i = at.column() - 1;
        if (i >= 0 && i < l.length() && l.charAt(i) == '!') {
            while (i < l.length() && !Character.isWhitespace(l.charAt(i))) {
                i++;
            }
            while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
                i++;
            }
        }
        if (i < 0 || i >= l.length() || l.charAt(i) != '&') {
            return null;
        }
        int end = i + 1;
        while (end < l.length() && !Character.isWhitespace(l.charAt(end)) && ",[]{}".indexOf(l.charAt(end)) < 0) {
            end++;
        }
        return l.substring(i + 1, end);
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
        refuseAliasNoteAnchor(here, t);
        if (t == JsonToken.START_OBJECT) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, YamlNode.Where> keys = new LinkedHashMap<>();
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation kl = parser.currentTokenLocation();
                YamlNode.Where keyWhere = here.child(key, kl.getLineNr(), kl.getColumnNr());
                String keyAnchor = anchorAt(keyWhere);
                if (keyAnchor != null) {
                    anchors.putIfAbsent(keyAnchor, keyWhere);
                }
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
