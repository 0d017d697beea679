package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * A network interface of one namespace. The kinds differ in where a transmitted frame goes: a
 * loopback back into its own node, a veth or wire to its peer, a bridge into its ports, an interface of
 * another kind out of the simulation.
 */
public sealed interface NetInterface permits Loopback, Veth, Bridge, Wire, OtherLink {

    String name();

    /** The interface's index in its namespace, as {@code /sys/class/net/IF/ifindex} shows it. */
    int ifindex();

    /** The link-layer address; null only for an {@link OtherLink} without a link layer. */
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

    /**
     * The transmit queue length ({@code ip link set IF txqueuelen N}, {@code qlen} in {@code ip link}): what
     * {@code ip} prints, nothing more (the simulation queues no frames). Docker makes its bridges and veths with 0.
     */
    default int txqlen() {
        return DEFAULT_TXQLEN;
    }

    /** A new device's transmit queue length (lo, veth, bridge, most NICs). */
    int DEFAULT_TXQLEN = 1000;

    /** Checks a transmit queue length a loader was given. */
    static int checkedTxqlen(String name, int txqlen) {
        if (txqlen < 0) {
            throw new IllegalArgumentException(name + ": negative txqueuelen " + txqlen);
        }
        return txqlen;
    }

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
