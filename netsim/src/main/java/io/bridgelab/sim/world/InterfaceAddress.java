package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * An IPv4 address configured on an interface ({@code ip addr add 172.17.0.1/16 brd + dev docker0}), with the
 * broadcast address it was given ({@code brd}, as {@code ip addr} prints it), or null when it was given none. The
 * broadcast address changes only what {@code ip addr} prints: the kernel adds the subnet's broadcast route to the
 * local table either way (measured on Linux 6.18).
 */
public record InterfaceAddress(Ipv4Address address, int prefixLength, Ipv4Address broadcast) {
    /** An address without a broadcast address ({@code ip addr add A/N dev IF}). */
    public InterfaceAddress(Ipv4Address address, int prefixLength) {
        this(address, prefixLength, null);
    }

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

    /** This address with its subnet's last address as broadcast address ({@code brd +}, as Docker sets it). */
    public InterfaceAddress withSubnetBroadcast() {
        return new InterfaceAddress(address, prefixLength, subnet().broadcast());
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
