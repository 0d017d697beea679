package io.bridgelab.netfilter.packet;

/**
 * An ICMP message. {@code restOfHeader} is the second 32-bit word (identifier and sequence for echo).
 * For error messages (destination unreachable, time exceeded, parameter problem, source quench,
 * redirect) {@code embedded} is the offending datagram's IP header and {@code data} the bytes of its
 * transport header that follow it (at least 8 in a kernel-made error); NAT rewrites both. For other
 * messages {@code embedded} is null and {@code data} is the payload.
 */
public record IcmpMessage(int type, int code, int checksum, int restOfHeader, Ipv4Header embedded, Bytes data)
        implements Transport {

    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int TIMESTAMP_REQUEST = 13;
    public static final int TIMESTAMP_REPLY = 14;

    public IcmpMessage {
        if (type < 0 || type > 0xff || code < 0 || code > 0xff || checksum < 0 || checksum > 0xffff) {
            throw new IllegalArgumentException("ICMP type, code or checksum out of range");
        }
        if (data == null) {
            data = Bytes.EMPTY;
        }
    }

    /** The message types whose body quotes an offending datagram (RFC 792). */
    public static boolean isErrorType(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == REDIRECT
                || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    public boolean isError() {
        return isErrorType(type);
    }

    /** The echo identifier, which conntrack uses as the "port" of an ICMP query. */
    public int identifier() {
        return restOfHeader >>> 16;
    }

    public int sequenceNumber() {
        return restOfHeader & 0xffff;
    }

    /** Source port of the quoted datagram's TCP/UDP header, or -1 when there is none. */
    public int embeddedSourcePort() {
        return hasEmbeddedPorts() ? data.get(0) << 8 | data.get(1) : -1;
    }

    /** Destination port of the quoted datagram's TCP/UDP header, or -1 when there is none. */
    public int embeddedDestinationPort() {
        return hasEmbeddedPorts() ? data.get(2) << 8 | data.get(3) : -1;
    }

    private boolean hasEmbeddedPorts() {
        return embedded != null && data.length() >= 4
                && (embedded.protocol() == IpProtocol.TCP || embedded.protocol() == IpProtocol.UDP
                || embedded.protocol() == IpProtocol.SCTP || embedded.protocol() == IpProtocol.UDPLITE);
    }

    @Override
    public int protocol() {
        return IpProtocol.ICMP;
    }

    @Override
    public int length() {
        return 8 + (embedded == null ? 0 : embedded.headerLength()) + data.length();
    }

    public IcmpMessage withChecksum(int newChecksum) {
        return new IcmpMessage(type, code, newChecksum, restOfHeader, embedded, data);
    }
}
