package io.bridgelab.netfilter.rule;

/**
 * Where a NAT target maps to: an address range and/or a port range ({@code 172.17.0.2:80},
 * {@code 10.0.0.1-10.0.0.9:1000-2000}, {@code :8080}). Either may be null, not both.
 */
public record NatRange(AddressRange addresses, PortRange ports) {
    public NatRange {
        if (addresses == null && ports == null) {
            throw new IllegalArgumentException("a NAT range needs an address or a port");
        }
    }

    /** {@code 172.17.0.2:80} style, as iptables-save writes {@code --to-destination}. */
    @Override
    public String toString() {
        String a = addresses == null ? "" : addresses.toString();
        return ports == null ? a : a + ":" + ports.format('-');
    }
}
