package io.bridgelab.netfilter.conntrack;

/**
 * Incremental Internet checksum updates (RFC 1624, {@code HC' = ~(~HC + ~m + m')}), as the kernel's
 * {@code csum_replace*} do when NAT rewrites an address or a port.
 */
final class Checksums {
    private Checksums() {
    }

    /** Adjusts {@code checksum} for a 16-bit word changing from {@code oldWord} to {@code newWord}. */
    static int replace16(int checksum, int oldWord, int newWord) {
        int sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    /** Adjusts {@code checksum} for a 32-bit value (an address) changing. */
    static int replace32(int checksum, int oldValue, int newValue) {
        int c = replace16(checksum, oldValue >>> 16, newValue >>> 16);
        return replace16(c, oldValue & 0xffff, newValue & 0xffff);
    }
}
