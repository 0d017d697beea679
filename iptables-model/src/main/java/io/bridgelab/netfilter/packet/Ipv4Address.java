package io.bridgelab.netfilter.packet;

/** An IPv4 address as its 32 bits, so that prefix tests are a mask and a compare. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {
    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    /**
     * Parses dotted-quad text, strictly: four decimal parts 0..255, no leading '+', no spaces, no leading zero
     * ({@code iptables -s 010.0.0.1} and {@code ip addr add} read such a part as octal, 8.0.0.1; reading it as
     * decimal would be a silently different address, so it is refused).
     */
    public static Ipv4Address parse(String text) {
        int bits = 0;
        int parts = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (value == 0) {
                    throw new IllegalArgumentException("not an IPv4 address (a part with a leading zero, which"
                            + " iptables and ip read as octal): '" + text + "'");
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    throw new IllegalArgumentException("not an IPv4 address (part over 255): '" + text + "'");
                }
            } else if (c == '.' && value >= 0 && parts < 4) {
                bits = (bits << 8) | value;
                parts++;
                value = -1;
            } else {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
        }
        if (parts != 4) {
            throw new IllegalArgumentException("not an IPv4 address (want four parts): '" + text + "'");
        }
        return new Ipv4Address(bits);
    }

    public static Ipv4Address of(int a, int b, int c, int d) {
        return new Ipv4Address((a & 0xff) << 24 | (b & 0xff) << 16 | (c & 0xff) << 8 | (d & 0xff));
    }

    /** Reads four bytes in network order at {@code offset}; the caller has checked the bounds. */
    public static Ipv4Address read(byte[] bytes, int offset) {
        return new Ipv4Address((bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8 | (bytes[offset + 3] & 0xff));
    }

    public void write(byte[] bytes, int offset) {
        bytes[offset] = (byte) (bits >>> 24);
        bytes[offset + 1] = (byte) (bits >>> 16);
        bytes[offset + 2] = (byte) (bits >>> 8);
        bytes[offset + 3] = (byte) bits;
    }

    /** 127.0.0.0/8: the kernel treats these as martian on the wire unless route_localnet is set. */
    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    public boolean isMulticast() {
        return (bits >>> 28) == 0xe;
    }

    public Ipv4Address plus(int n) {
        return new Ipv4Address(bits + n);
    }

    // equals and hashCode by hand: the record's own go through ObjectMethods' method-handle chain, which the
    // JIT does not always fold (a replay compares addresses in every conntrack and neighbour lookup). The hash
    // is the record's own value, so hash-map order does not change.

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Ipv4Address a && a.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
