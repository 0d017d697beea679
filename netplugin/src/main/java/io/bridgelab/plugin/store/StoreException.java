package io.bridgelab.plugin.store;

/** The store could not be read or written (disk full, corrupt file, permissions). */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
