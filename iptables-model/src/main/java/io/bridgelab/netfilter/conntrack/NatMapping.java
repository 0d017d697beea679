package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * What a NAT target asks for ({@code struct nf_nat_range2}): an address range (null = keep the address)
 * and a port range ({@code minPort < 0} = not specified, so the port is kept unless it clashes),
 * {@code --random}/{@code --random-fully} and {@code --persistent}.
 */
public record NatMapping(Ipv4Address minAddress, Ipv4Address maxAddress, int minPort, int maxPort,
                         boolean random, boolean persistent) {

    public NatMapping {
        if ((minAddress == null) != (maxAddress == null)) {
            throw new IllegalArgumentException("NAT address range needs both ends or neither");
        }
        if (minAddress != null && minAddress.compareTo(maxAddress) > 0) {
            throw new IllegalArgumentException("NAT address range reversed: " + minAddress + "-" + maxAddress);
        }
        if (minPort >= 0 && (maxPort < minPort || maxPort > 0xffff)) {
            throw new IllegalArgumentException("NAT port range bad: " + minPort + "-" + maxPort);
        }
    }

    /** Map to one address, keeping the port unless it clashes. */
    public static NatMapping to(Ipv4Address address) {
        return new NatMapping(address, address, -1, -1, false, false);
    }

    /** Map to one address and port. */
    public static NatMapping to(Ipv4Address address, int port) {
        return new NatMapping(address, address, port, port, false, false);
    }

    public boolean mapsAddress() {
        return minAddress != null;
    }

    public boolean protoSpecified() {
        return minPort >= 0;
    }

    public boolean addressInRange(Ipv4Address a) {
        return !mapsAddress() || (a.compareTo(minAddress) >= 0 && a.compareTo(maxAddress) <= 0);
    }

    public boolean portInRange(int port) {
        return !protoSpecified() || (port >= minPort && port <= maxPort);
    }
}
