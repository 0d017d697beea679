package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * An IPv4 address on an interface, in the order {@code ip -4 addr show} lists them. A secondary address
 * (a second address in a subnet the interface already has) is never chosen by MASQUERADE; host-scope
 * addresses neither.
 */
public record InterfaceAddress(Ipv4Address address, int prefixLength, boolean secondary, boolean hostScope) {
    public InterfaceAddress {
        if (address == null || prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("bad interface address " + address + "/" + prefixLength);
        }
    }

    public static InterfaceAddress primary(Ipv4Address address, int prefixLength) {
        return new InterfaceAddress(address, prefixLength, false, false);
    }

    public Cidr subnet() {
        return new Cidr(address, prefixLength);
    }
}
