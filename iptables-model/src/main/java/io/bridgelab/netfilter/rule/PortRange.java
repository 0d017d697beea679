package io.bridgelab.netfilter.rule;

/** An inclusive port range; iptables writes a single port as {@code 80} and a range as {@code 80:90}. */
public record PortRange(int first, int last) {
    public static final PortRange ALL = new PortRange(0, 65535);

    public PortRange {
        if (first < 0 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + ":" + last
                    + " (want 0 <= first <= last <= 65535)");
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean isSingle() {
        return first == last;
    }

    public int size() {
        return last - first + 1;
    }

    /** {@code 80} or {@code 80:90}, with the given separator for ranges (DNAT writes {@code 80-90}). */
    public String format(char separator) {
        return isSingle() ? Integer.toString(first) : first + "" + separator + last;
    }

    @Override
    public String toString() {
        return format(':');
    }
}
