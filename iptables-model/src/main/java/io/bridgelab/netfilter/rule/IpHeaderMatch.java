package io.bridgelab.netfilter.rule;

import io.bridgelab.netfilter.packet.Cidr;

/**
 * The part of a rule the kernel keeps in the {@code ipt_entry} itself, not in a match module:
 * {@code -s}, {@code -d}, {@code -i}, {@code -o}, {@code -p}, {@code -f}. Each absent option is null.
 * {@code protocol} 0 means "all" and is never stored (an absent option is null).
 */
public record IpHeaderMatch(
        Negatable<Cidr> source,
        Negatable<Cidr> destination,
        Negatable<InterfaceName> inInterface,
        Negatable<InterfaceName> outInterface,
        Negatable<Integer> protocol,
        FragmentMatch fragment) {

    public static final IpHeaderMatch ANY = new IpHeaderMatch(null, null, null, null, null, FragmentMatch.ANY);

    public IpHeaderMatch {
        if (fragment == null) {
            fragment = FragmentMatch.ANY;
        }
        if (protocol != null && (protocol.value() < 0 || protocol.value() > 255)) {
            throw new IllegalArgumentException("protocol out of 0..255: " + protocol.value());
        }
    }

    public IpHeaderMatch withSource(Negatable<Cidr> s) {
        return new IpHeaderMatch(s, destination, inInterface, outInterface, protocol, fragment);
    }

    public IpHeaderMatch withDestination(Negatable<Cidr> d) {
        return new IpHeaderMatch(source, d, inInterface, outInterface, protocol, fragment);
    }

    public IpHeaderMatch withInInterface(Negatable<InterfaceName> i) {
        return new IpHeaderMatch(source, destination, i, outInterface, protocol, fragment);
    }

    public IpHeaderMatch withOutInterface(Negatable<InterfaceName> o) {
        return new IpHeaderMatch(source, destination, inInterface, o, protocol, fragment);
    }

    public IpHeaderMatch withProtocol(Negatable<Integer> p) {
        return new IpHeaderMatch(source, destination, inInterface, outInterface, p, fragment);
    }

    public IpHeaderMatch withFragment(FragmentMatch f) {
        return new IpHeaderMatch(source, destination, inInterface, outInterface, protocol, f);
    }
}
