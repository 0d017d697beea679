package io.bridgelab.netfilter.packet;

/**
 * An IPv4 prefix. Like iptables, the constructor keeps only the network bits: {@code 172.17.0.5/16} is
 * {@code 172.17.0.0/16}, which is what {@code iptables-save} prints back.
 */
public record Cidr(Ipv4Address network, int prefixLength) {
    public static final Cidr ANY = new Cidr(Ipv4Address.ANY, 0);

    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of 0..32: " + prefixLength);
        }
        network = new Ipv4Address(network.bits() & mask(prefixLength));
    }

    /** {@code a.b.c.d}, {@code a.b.c.d/len} or {@code a.b.c.d/m.m.m.m} (a contiguous mask). */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Cidr(Ipv4Address.parse(text), 32);
        }
        Ipv4Address address = Ipv4Address.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (len.indexOf('.') >= 0) {
            int m = Ipv4Address.parse(len).bits();
            int prefix = Integer.bitCount(m);
            if (m != mask(prefix)) {
                throw new IllegalArgumentException("non-contiguous netmask: '" + text + "'");
            }
            return new Cidr(address, prefix);
        }
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a prefix length: '" + text + "'");
        }
        int prefix = Integer.parseInt(len);
        if (prefix > 32) {
            throw new IllegalArgumentException("prefix length over 32: '" + text + "'");
        }
        return new Cidr(address, prefix);
    }

    public static Cidr host(Ipv4Address address) {
        return new Cidr(address, 32);
    }

    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public int mask() {
        return mask(prefixLength);
    }

    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask()) == network.bits();
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(network.bits() | ~mask());
    }

    /** {@code 172.17.0.0/16}: iptables-save's form, which always carries the length. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
