package io.bridgelab.plugin.store;

import java.nio.file.FileSystemException;

/**
 * The store could not be read or written (disk full, corrupt file, permissions). The message ends with the
 * cause's reason, so a one-line report says why and not only which file.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message + ": " + reason(cause), cause);
    }

    /** A failure found by a check of the store's own, with no exception under it. */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Most {@link FileSystemException}s carry only the path as their message (an AccessDeniedException says
     * "/var/lib/netplugin"), so their kind is named too.
     */
    private static String reason(Throwable cause) {
        if (cause instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
