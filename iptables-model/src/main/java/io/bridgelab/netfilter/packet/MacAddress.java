package io.bridgelab.netfilter.packet;

/**
 * A 48-bit Ethernet address, held in the low bits of a long so that it is cheap to compare and hash
 * (bridges look MACs up in their FDB for every frame).
 */
public record MacAddress(long bits) implements Comparable<MacAddress> {
    public static final MacAddress ZERO = new MacAddress(0L);
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC address has more than 48 bits: " + Long.toHexString(bits));
        }
    }

    // equals and hashCode by hand, as Ipv4Address's: a bridge's FDB looks a MAC up for every frame. The hash is
    // the record's own value (Long.hashCode of the bits), so hash-map order does not change.

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof MacAddress m && m.bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    /** Parses {@code 02:42:ac:11:00:02} (colon-separated, one or two hex digits a byte, any case). */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (want six ':'-separated bytes): '" + text + "'");
        }
        long bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address (bad byte '" + part + "'): '" + text + "'");
            }
            // Hex digits only: Integer.parseInt would also take a sign ("+f").
            int value = 0;
            for (int i = 0; i < part.length(); i++) {
                int digit = Character.digit(part.charAt(i), 16);
                if (digit < 0 || part.charAt(i) > 'f') {
                    throw new IllegalArgumentException("not a MAC address (bad byte '" + part + "'): '" + text + "'");
                }
                value = value * 16 + digit;
            }
            bits = (bits << 8) | value;
        }
        return new MacAddress(bits);
    }

    /** Reads six bytes at {@code offset}; the caller has checked the bounds. */
    public static MacAddress read(byte[] bytes, int offset) {
        return new MacAddress(readBits(bytes, offset));
    }

    /** The {@link #bits()} of the six bytes at {@code offset}, for a comparison that needs no value made. */
    public static long readBits(byte[] bytes, int offset) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = (bits << 8) | (bytes[offset + i] & 0xff);
        }
        return bits;
    }

    /** Writes the six bytes at {@code offset}. */
    public void write(byte[] bytes, int offset) {
        for (int i = 5; i >= 0; i--) {
            bytes[offset + i] = (byte) (bits >>> (8 * (5 - i)));
        }
    }

    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** The group bit: broadcast and multicast frames are flooded by a bridge and never learned as a source. */
    public boolean isMulticast() {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(bits, other.bits);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (bits >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
