package io.bridgelab.netfilter.packet;

/**
 * A transport we carry without decoding: another protocol number, or a non-first fragment (which has
 * no transport header, so port matches never match it, as in the kernel).
 */
public record OpaqueTransport(int protocol, Bytes bytes) implements Transport {
    public OpaqueTransport {
        if (protocol < 0 || protocol > 0xff) {
            throw new IllegalArgumentException("protocol out of 0..255: " + protocol);
        }
        if (bytes == null) {
            bytes = Bytes.EMPTY;
        }
    }

    @Override
    public int length() {
        return bytes.length();
    }
}
