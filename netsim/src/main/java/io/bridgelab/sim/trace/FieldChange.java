package io.bridgelab.sim.trace;

/** One rewritten field: {@code dst 192.168.1.10:8088 -> 172.17.0.4:80}. */
public record FieldChange(String field, String before, String after) {
    @Override
    public String toString() {
        return field + " " + before + " -> " + after;
    }

    /** The field of a fragment's fate in a reassembly queue: its bytes are {@link #HELD}, then maybe reassembled. */
    public static final String FRAGMENT = "fragment";
    /** A fragment waiting in its queue. */
    public static final String HELD = "held";
    /** A held fragment whose datagram another packet's fragment made whole (the datagram goes on there). */
    public static final String REASSEMBLED = "reassembled";

    /** Whether {@code step} is a fragment's move to {@code after} (HELD or REASSEMBLED), its only change. */
    public static boolean isFragment(TraceStep.Transformed step, String after) {
        return step.changes().size() == 1 && step.changes().get(0).field().equals(FRAGMENT)
                && step.changes().get(0).after().equals(after);
    }
}
