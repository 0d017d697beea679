package io.bridgelab.netfilter.rule;

import io.bridgelab.netfilter.packet.TcpFlags;

/**
 * {@code --tcp-flags MASK COMP}: of the flags in {@code mask}, exactly those in {@code compare} are set.
 * {@code --syn} is {@code FIN,SYN,RST,ACK SYN}.
 */
public record TcpFlagsSpec(int mask, int compare) {
    public static final TcpFlagsSpec SYN = new TcpFlagsSpec(
            TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK, TcpFlags.SYN);

    public TcpFlagsSpec {
        if (mask < 0 || mask > 0xff || compare < 0 || compare > 0xff) {
            throw new IllegalArgumentException("TCP flag sets are 8 bits");
        }
    }

    public boolean test(int flags) {
        return (flags & mask) == compare;
    }
}
