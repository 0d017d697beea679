package io.bridgelab.plugin.api;

/**
 * A call the driver refuses, with the message dockerd shows the user (as {@code Err} or {@code Error}).
 * Thrown before any kernel change when the input is at fault.
 */
public class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DriverException(String message) {
        super(message);
    }

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
