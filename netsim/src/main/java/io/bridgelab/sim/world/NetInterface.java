package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * A network interface of one namespace. The kinds differ in where a transmitted frame goes: a
 * loopback back into its own node, a veth or wire to its peer, a bridge into its ports.
 */
public sealed interface NetInterface permits Loopback, Veth, Bridge, Wire {

    String name();

    /** The interface's index in its namespace, as {@code /sys/class/net/IF/ifindex} shows it. */
    int ifindex();

    MacAddress mac();

    /** The IPv4 addresses, primary (first in its subnet) first. */
    List<InterfaceAddress> addresses();

    /** The bridge this interface is a port of, or null. */
    default BridgePort port() {
        return null;
    }

    /** The kind as {@code ip -d link} names it. */
    String kind();
}
