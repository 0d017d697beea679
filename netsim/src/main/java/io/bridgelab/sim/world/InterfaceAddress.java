package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;

/** An IPv4 address configured on an interface ({@code ip addr add 172.17.0.1/16 dev docker0}). */
public record InterfaceAddress(Ipv4Address address, int prefixLength) {
    public InterfaceAddress {
        if (address == null) {
            throw new IllegalArgumentException("an interface address needs an address");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of 0..32: " + prefixLength);
        }
    }

    /** Parses {@code 172.17.0.1/16}. */
    public static InterfaceAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("interface address needs a prefix length: '" + text + "'");
        }
        return new InterfaceAddress(Ipv4Address.parse(text.substring(0, slash)),
                Integer.parseInt(text.substring(slash + 1)));
    }

    /** The connected subnet. */
    public Cidr subnet() {
        return new Cidr(address, prefixLength);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
