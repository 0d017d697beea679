package io.bridgelab.sim.trace;

/** One rewritten field: {@code dst 192.168.1.10:8088 -> 172.17.0.4:80}. */
public record FieldChange(String field, String before, String after) {
    @Override
    public String toString() {
        return field + " " + before + " -> " + after;
    }
}
