package io.bridgelab.netfilter.rule;

import io.bridgelab.netfilter.packet.Ipv4Address;

/** An inclusive address range {@code first-last}, as iprange and NAT targets write it. */
public record AddressRange(Ipv4Address first, Ipv4Address last) {
    public AddressRange {
        if (first == null || last == null || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("bad address range " + first + "-" + last);
        }
    }

    public static AddressRange single(Ipv4Address address) {
        return new AddressRange(address, address);
    }

    public boolean contains(Ipv4Address address) {
        return address.compareTo(first) >= 0 && address.compareTo(last) <= 0;
    }

    public boolean isSingle() {
        return first.equals(last);
    }

    @Override
    public String toString() {
        return isSingle() ? first.toString() : first + "-" + last;
    }
}
