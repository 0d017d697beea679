package io.bridgelab.netfilter.packet;

/** A frame payload of an ethertype we do not decode (e.g. LLDP), carried as bytes. */
public record OpaqueNetwork(int etherType, Bytes bytes) implements NetworkLayer {
    public OpaqueNetwork {
        if (etherType < 0 || etherType > 0xffff) {
            throw new IllegalArgumentException("ethertype out of 16 bits: " + etherType);
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
