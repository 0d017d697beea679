package io.bridgelab.netfilter.conntrack;

/**
 * What conntrack tells the rules about one packet (the kernel's {@code ctinfo} as {@code --ctstate}
 * reads it). The virtual SNAT/DNAT states are properties of the connection, not of the packet; see
 * {@link Connection#isSourceNatted()}.
 */
public enum PacketState {
    NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED
}
