package io.bridgelab.plugin.api;

/** A request dockerd sent that cannot be understood: bad JSON, a wrong type, an invalid value. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
