package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * A physical NIC cabled to one other node's NIC (the host's {@code eth0} and the outside client's): it
 * behaves like a veth, but stands for the world outside the host.
 *
 * @param peer the other node's NIC, or null for a NIC cabled to a world that is not simulated (a real host's
 *             {@code eth0} in a snapshot): what leaves by it leaves the simulation, and what arrives on it comes
 *             from a replay's {@code --inject}
 */
public record Wire(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                   Endpoint peer, int mtu, int txqlen) implements NetInterface {
    public Wire {
        addresses = List.copyOf(addresses);
        NetInterface.checkedMtu(name, mtu);
        NetInterface.checkedTxqlen(name, txqlen);
    }

    /** A NIC of the default transmit queue length. */
    public Wire(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                Endpoint peer, int mtu) {
        this(name, ifindex, mac, addresses, port, peer, mtu, DEFAULT_TXQLEN);
    }

    /** A NIC of the default MTU. */
    public Wire(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                Endpoint peer) {
        this(name, ifindex, mac, addresses, port, peer, ETHERNET_MTU);
    }

    /** Whether nothing simulated is on the other end. */
    public boolean toOutside() {
        return peer == null;
    }

    @Override
    public String kind() {
        return "ether";
    }
}
