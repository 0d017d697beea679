package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * One end of a veth pair: a frame transmitted here is received by {@code peer}, usually in another
 * namespace (the container's {@code eth0} and the host's {@code vethXXXX} on docker0).
 */
public record Veth(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                   Endpoint peer, int mtu, int txqlen) implements NetInterface {
    public Veth {
        addresses = List.copyOf(addresses);
        NetInterface.checkedMtu(name, mtu);
        NetInterface.checkedTxqlen(name, txqlen);
        if (peer == null) {
            throw new IllegalArgumentException("veth " + name + " needs a peer");
        }
    }

    /** A veth of the default transmit queue length. */
    public Veth(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                Endpoint peer, int mtu) {
        this(name, ifindex, mac, addresses, port, peer, mtu, DEFAULT_TXQLEN);
    }

    /** A veth of the default MTU. */
    public Veth(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, BridgePort port,
                Endpoint peer) {
        this(name, ifindex, mac, addresses, port, peer, ETHERNET_MTU);
    }

    @Override
    public String kind() {
        return "veth";
    }
}
