package io.bridgelab.sim.load.yaml;

import java.nio.file.Path;

/**
 * A scenario file that cannot be loaded. Says where, as a compiler does ({@code FILE:LINE:COLUMN}), which
 * field ({@code namespaces[1].interfaces[0].peer}) and what was expected.
 */
public final class ScenarioFileException extends Exception {
    private final transient Path file;
    private final int line;
    private final int column;
    private final String field;

    public ScenarioFileException(Path file, int line, int column, String field, String message) {
        // Line 0: the file as a whole (it cannot be read), no place in it.
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": "
                + (field == null || field.isEmpty() ? "" : field + ": ") + message);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    /** At a node of the file. */
    static ScenarioFileException at(YamlNode node, String message) {
        return new ScenarioFileException(node.where().file(), node.where().line(), node.where().column(),
                node.where().path(), message);
    }

    public Path file() {
        return file;
    }

    /** 1-based line in the file. */
    public int line() {
        return line;
    }

    /** 1-based column in the file. */
    public int column() {
        return column;
    }

    /** The field at fault as a path from the top ({@code namespaces[1].name}); empty for the whole file. */
    public String field() {
        return field;
    }
}
