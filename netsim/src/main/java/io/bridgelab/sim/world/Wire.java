package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * A physical NIC cabled to one other node's NIC (the host's {@code eth0} and the outside client's): it
 * behaves like a veth, but stands for the world outside the host.
 */
public record Wire(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                   Endpoint peer) implements NetInterface {
    public Wire {
        addresses = List.copyOf(addresses);
        if (peer == null) {
            throw new IllegalArgumentException("wire " + name + " needs a peer");
        }
    }

    @Override
    public String kind() {
        return "ether";
    }
}
