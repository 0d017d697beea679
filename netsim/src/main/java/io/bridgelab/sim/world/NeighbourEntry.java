package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;

/** A neighbour (ARP) entry present before the simulation starts, as {@code ip neigh} lists it. */
public record NeighbourEntry(String device, Ipv4Address address, MacAddress mac, boolean permanent) {
    public NeighbourEntry {
        if (device == null || address == null || mac == null) {
            throw new IllegalArgumentException("a neighbour entry needs a device, an address and a MAC");
        }
    }
}
