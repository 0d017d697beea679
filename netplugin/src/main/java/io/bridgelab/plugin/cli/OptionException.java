package io.bridgelab.plugin.cli;

/** An option value the command cannot use (checked before anything is changed): exit status 2. */
final class OptionException extends RuntimeException {
    OptionException(String message) {
        super(message);
    }
}
