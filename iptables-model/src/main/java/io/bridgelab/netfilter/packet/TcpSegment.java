package io.bridgelab.netfilter.packet;

/** A TCP header and its payload. {@code flags} holds the eight flag bits (see {@link TcpFlags}). */
public record TcpSegment(
        int sourcePort,
        int destinationPort,
        long sequence,
        long acknowledgement,
        int flags,
        int window,
        int checksum,
        int urgentPointer,
        Bytes options,
        Bytes payload) implements Transport {

    public TcpSegment {
        checkPort(sourcePort);
        checkPort(destinationPort);
        if (sequence < 0 || sequence > 0xffff_ffffL || acknowledgement < 0 || acknowledgement > 0xffff_ffffL) {
            throw new IllegalArgumentException("TCP sequence numbers are 32-bit unsigned");
        }
        if (flags < 0 || flags > 0xff || window < 0 || window > 0xffff || checksum < 0 || checksum > 0xffff
                || urgentPointer < 0 || urgentPointer > 0xffff) {
            throw new IllegalArgumentException("TCP flags, window, checksum or urgent pointer out of range");
        }
        if (options == null) {
            options = Bytes.EMPTY;
        }
        if (payload == null) {
            payload = Bytes.EMPTY;
        }
        if (options.length() % 4 != 0 || options.length() > 40) {
            throw new IllegalArgumentException("TCP options must be whole 32-bit words, at most 40 bytes: "
                    + options.length());
        }
    }

    /**
     * Where the MSS option (kind 2, length 4) starts in {@link #options}, or -1 without one: the options walked as the
     * kernel walks them (tcpmss_mangle_packet's optlen: EOL, NOP or a zero length step one byte).
     */
    public int mssOptionOffset() {
        Bytes o = options;
        for (int i = 0; i <= o.length() - 4; ) {
            int kind = o.get(i);
            int length = o.get(i + 1);
            if (kind == 2 && length == 4) {
                return i;
            }
            i += kind <= 1 || length == 0 ? 1 : length;
        }
        return -1;
    }

    /** The MSS option's value, or -1 without one. */
    public int mss() {
        int at = mssOptionOffset();
        return at < 0 ? -1 : options.get(at + 2) << 8 | options.get(at + 3);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of 0..65535: " + port);
        }
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    public int headerLength() {
        return 20 + options.length();
    }

    @Override
    public int protocol() {
        return IpProtocol.TCP;
    }

    @Override
    public int length() {
        return headerLength() + payload.length();
    }

    public TcpSegment withPorts(int newSourcePort, int newDestinationPort) {
        return new TcpSegment(newSourcePort, newDestinationPort, sequence, acknowledgement, flags, window,
                checksum, urgentPointer, options, payload);
    }

    public TcpSegment withChecksum(int newChecksum) {
        return new TcpSegment(sourcePort, destinationPort, sequence, acknowledgement, flags, window,
                newChecksum, urgentPointer, options, payload);
    }
}
