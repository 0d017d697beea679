package io.bridgelab.plugin.store;

import java.nio.file.Path;

/**
 * There is no {@code state.db} where a read-only open looked: the plugin never ran with that state directory.
 * Not a broken store, so it is a type of its own ({@code status} gives it its own exit status).
 */
public final class MissingStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public MissingStoreException(Path file) {
        super("no state store at " + file);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
