package io.bridgelab.sim.record;

/** Recording a snapshot failed: a namespace is missing, a tool failed, or the folder cannot be written. */
public final class SnapshotRecordException extends Exception {
    public SnapshotRecordException(String message) {
        super(message);
    }

    public SnapshotRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
