package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/** The namespace's {@code lo}: ifindex 1, 127.0.0.1/8, frames sent on it come straight back in. */
public record Loopback(String name, int ifindex, List<InterfaceAddress> addresses) implements NetInterface {
    public Loopback {
        addresses = List.copyOf(addresses);
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
