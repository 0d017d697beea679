package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.Ipv4Address;

import java.util.List;

/**
 * MASQUERADE's choice of source address ({@code nf_nat_masquerade_ipv4} -> {@code inet_select_addr}):
 * the first primary, universe-scope address of the outgoing interface whose subnet holds the next hop
 * (the gateway, or the destination on a directly connected route); failing that, the first primary
 * address. No address means the kernel drops the packet.
 */
public final class MasqueradeSource {
    private MasqueradeSource() {
    }

    /** The source to masquerade as, or null when the interface has no usable address. */
    public static Ipv4Address select(List<InterfaceAddress> outInterfaceAddresses, Ipv4Address nextHop) {
        Ipv4Address first = null;
        for (InterfaceAddress a : outInterfaceAddresses) {
            if (a.secondary() || a.hostScope()) {
                continue;
            }
            if (nextHop == null || a.subnet().contains(nextHop)) {
                return a.address();
            }
            if (first == null) {
                first = a.address();
            }
        }
        return first;
    }
}
