package io.bridgelab.plugin.dataplane;

/** A plan failed; the message names the plan, the step and the tool's complaint, and whether rollback worked. */
public final class DataplaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataplaneException(String message) {
        super(message);
    }

    public DataplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
