package io.bridgelab.pcap.diff;

/** One field that differs between a pair of packets, e.g. {@code ip.ttl: 64 -> 63}. */
public record FieldChange(String field, String expected, String actual) {
    @Override
    public String toString() {
        return field + ": " + expected + " -> " + actual;
    }
}
