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

    /**
     * The largest IPv4 datagram, header included, this interface sends whole ({@code ip link set IF mtu N}): a bigger
     * one is fragmented, or with DF set refused with ICMP fragmentation needed.
     */
    int mtu();

    /** A new Ethernet-like device's MTU (veth, bridge, a NIC). */
    int ETHERNET_MTU = 1500;

    /** Checks an MTU a loader was given: the kernel's IPv4 minimum is 68, the 16-bit total length its maximum. */
    static int checkedMtu(String name, int mtu) {
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException(name + ": MTU " + mtu + " is outside 68-65535");
        }
        return mtu;
    }
}
