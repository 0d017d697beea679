package io.bridgelab.plugin.ipam;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.plugin.api.DriverException;

/**
 * An address with its subnet, as {@code 172.20.0.2/16} ({@link Cidr} alone would drop the host bits).
 */
public record InterfaceAddress(Ipv4Address address, Cidr subnet) {

    /** Parses {@code a.b.c.d/len}; {@code field} names the input in the error (e.g. "Interface.Address"). */
    public static InterfaceAddress parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new DriverException(field + " is empty, expected an IPv4 address/prefix like 172.20.0.2/16");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new DriverException(field + " '" + text + "' has no prefix length, expected like 172.20.0.2/16");
        }
        try {
            return new InterfaceAddress(Ipv4Address.parse(text.substring(0, slash)), Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            throw new DriverException(field + " '" + text + "' is not an IPv4 address/prefix: " + e.getMessage());
        }
    }

    /** Parses a subnet; host bits must be zero, as Docker requires of {@code --subnet}. */
    public static Cidr parseSubnet(String text, String field) {
        InterfaceAddress a = parse(text, field);
        if (!a.address().equals(a.subnet().network())) {
            throw new DriverException(field + " '" + text + "' has host bits set; did you mean " + a.subnet() + "?");
        }
        return a.subnet();
    }

    /** Parses a plain address ({@code 172.20.0.2}). */
    public static Ipv4Address parseAddress(String text, String field) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DriverException(field + " '" + text + "' is not an IPv4 address");
        }
    }

    /** Whether two subnets share any address. */
    public static boolean overlap(Cidr a, Cidr b) {
        int len = Math.min(a.prefixLength(), b.prefixLength());
        int mask = Cidr.mask(len);
        return (a.network().bits() & mask) == (b.network().bits() & mask);
    }

    @Override
    public String toString() {
        return address + "/" + subnet.prefixLength();
    }
}
