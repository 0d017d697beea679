package io.bridgelab.netfilter.packet;

/**
 * The IPv4 header as netfilter sees it. {@code checksum} is the value carried on the wire (it may be
 * wrong or partial in a capture taken before checksum offload); encoders decide whether to recompute it.
 */
public record Ipv4Header(
        int tos,
        int totalLength,
        int identification,
        boolean dontFragment,
        boolean moreFragments,
        int fragmentOffset,
        int ttl,
        int protocol,
        int checksum,
        Ipv4Address source,
        Ipv4Address destination,
        Bytes options) {

    public Ipv4Header {
        check(tos, 0xff, "TOS");
        check(totalLength, 0xffff, "total length");
        check(identification, 0xffff, "identification");
        check(fragmentOffset, 0x1fff, "fragment offset");
        check(ttl, 0xff, "TTL");
        check(protocol, 0xff, "protocol");
        check(checksum, 0xffff, "header checksum");
        if (source == null || destination == null) {
            throw new IllegalArgumentException("IPv4 header needs both addresses");
        }
        if (options == null) {
            options = Bytes.EMPTY;
        }
        if (options.length() % 4 != 0 || options.length() > 40) {
            throw new IllegalArgumentException("IPv4 options must be whole 32-bit words, at most 40 bytes: "
                    + options.length());
        }
    }

    private static void check(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("IPv4 " + what + " out of 0.." + max + ": " + value);
        }
    }

    /** Header length in bytes (IHL * 4). */
    public int headerLength() {
        return 20 + options.length();
    }

    /** True for every fragment but the first: such packets carry no transport header. */
    public boolean isLaterFragment() {
        return fragmentOffset != 0;
    }

    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    public Ipv4Header withSource(Ipv4Address newSource) {
        return new Ipv4Header(tos, totalLength, identification, dontFragment, moreFragments, fragmentOffset,
                ttl, protocol, checksum, newSource, destination, options);
    }

    public Ipv4Header withDestination(Ipv4Address newDestination) {
        return new Ipv4Header(tos, totalLength, identification, dontFragment, moreFragments, fragmentOffset,
                ttl, protocol, checksum, source, newDestination, options);
    }

    public Ipv4Header withTtl(int newTtl) {
        return new Ipv4Header(tos, totalLength, identification, dontFragment, moreFragments, fragmentOffset,
                newTtl, protocol, checksum, source, destination, options);
    }

    public Ipv4Header withChecksum(int newChecksum) {
        return new Ipv4Header(tos, totalLength, identification, dontFragment, moreFragments, fragmentOffset,
                ttl, protocol, newChecksum, source, destination, options);
    }

    public Ipv4Header withTotalLength(int newTotalLength) {
        return new Ipv4Header(tos, newTotalLength, identification, dontFragment, moreFragments, fragmentOffset,
                ttl, protocol, checksum, source, destination, options);
    }
}
