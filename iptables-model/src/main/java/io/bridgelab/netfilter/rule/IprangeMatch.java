package io.bridgelab.netfilter.rule;

/** {@code -m iprange --src-range/--dst-range}. */
public record IprangeMatch(Negatable<AddressRange> sourceRange, Negatable<AddressRange> destinationRange)
        implements Match {
    public IprangeMatch {
        if (sourceRange == null && destinationRange == null) {
            throw new IllegalArgumentException("iprange needs --src-range or --dst-range");
        }
    }

    @Override
    public String module() {
        return "iprange";
    }
}
