package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/** The namespace's {@code lo}: ifindex 1, 127.0.0.1/8, frames sent on it come straight back in. */
public record Loopback(String name, int ifindex, List<InterfaceAddress> addresses, int mtu) implements NetInterface {
    /** lo's MTU in a new namespace. */
    public static final int MTU = 65536;

    public Loopback {
        addresses = List.copyOf(addresses);
        if (mtu < 68) {
            throw new IllegalArgumentException(name + ": MTU " + mtu + " is below 68");
        }
    }

    /** A loopback of the default MTU. */
    public Loopback(String name, int ifindex, List<InterfaceAddress> addresses) {
        this(name, ifindex, addresses, MTU);
    }

    /** {@code lo} as every new namespace has it once it is up. */
    public static Loopback standard() {
        return new Loopback("lo", 1, List.of(new InterfaceAddress(Ipv4Address.of(127, 0, 0, 1), 8)));
    }

    @Override
    public MacAddress mac() {
        return MacAddress.ZERO;
    }

    @Override
    public String kind() {
        return "loopback";
    }
}
