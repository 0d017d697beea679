package io.bridgelab.plugin.cli;

/**
 * A failure a command names itself with its own exit status, so that a script can tell it from the others
 * (status: a missing store is not a broken one, and neither is "store and kernel differ"). One line.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    CommandFailure(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }
}
