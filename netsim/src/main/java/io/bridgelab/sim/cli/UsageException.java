package io.bridgelab.sim.cli;

/**
 * An option value the command cannot use (a bad address, a port out of range, options that do not go together),
 * found after picocli parsed the line: reported like picocli's own parse errors, one line and exit code 2, so a
 * script can tell a mistyped command from a failed run (exit 1).
 */
final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
        super(message);
    }
}
