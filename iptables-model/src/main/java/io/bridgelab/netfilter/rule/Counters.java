package io.bridgelab.netfilter.rule;

/** Packet and byte counters of a rule or a chain policy ({@code [packets:bytes]} in iptables-save -c). */
public record Counters(long packets, long bytes) {
    public static final Counters ZERO = new Counters(0, 0);

    public Counters {
        if (packets < 0 || bytes < 0) {
            throw new IllegalArgumentException("counters cannot be negative: [" + packets + ":" + bytes + "]");
        }
    }

    public Counters plus(long morePackets, long moreBytes) {
        return new Counters(packets + morePackets, bytes + moreBytes);
    }

    @Override
    public String toString() {
        return "[" + packets + ":" + bytes + "]";
    }
}
