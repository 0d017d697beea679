package io.bridgelab.sim.load.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A snapshot folder that cannot be loaded: a file is missing or unreadable, or a field of it is absent,
 * malformed or describes something the simulator does not model. Says which file and which field.
 */
public final class SnapshotException extends IOException {
    private final transient Path file;
    private final String field;

    public SnapshotException(Path file, String field, String message) {
        super(file + (field == null ? "" : ": " + field) + ": " + message);
        this.file = file;
        this.field = field;
    }

    public SnapshotException(Path file, String field, String message, Throwable cause) {
        this(file, field, message);
        initCause(cause);
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The field at fault, as a JSON path ({@code [2].linkinfo.info_kind}) or a key; null for the whole file. */
    public String field() {
        return field;
    }
}
