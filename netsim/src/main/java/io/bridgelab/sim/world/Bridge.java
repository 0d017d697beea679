package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * A Linux bridge device. Its ports are the interfaces whose {@link BridgePort} names it.
 * {@code nfCallIptables} is the per-bridge option; bridged IPv4 traverses iptables when it or the
 * namespace's {@code net.bridge.bridge-nf-call-iptables} is on (the kernel ORs the two).
 *
 * @param ageingSeconds how long a learned FDB entry lives without traffic (kernel default 300)
 */
public record Bridge(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses,
                     boolean nfCallIptables, int ageingSeconds, int mtu, int txqlen) implements NetInterface {
    public static final int DEFAULT_AGEING_SECONDS = 300;

    public Bridge {
        addresses = List.copyOf(addresses);
        NetInterface.checkedMtu(name, mtu);
        NetInterface.checkedTxqlen(name, txqlen);
        if (ageingSeconds < 0) {
            throw new IllegalArgumentException("bridge " + name + ": negative ageing time");
        }
    }

    /** A bridge of the default transmit queue length. */
    public Bridge(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, boolean nfCallIptables,
                  int ageingSeconds, int mtu) {
        this(name, ifindex, mac, addresses, nfCallIptables, ageingSeconds, mtu, DEFAULT_TXQLEN);
    }

    /** A bridge of the default MTU. */
    public Bridge(String name, int ifindex, MacAddress mac, List<InterfaceAddress> addresses, boolean nfCallIptables,
                  int ageingSeconds) {
        this(name, ifindex, mac, addresses, nfCallIptables, ageingSeconds, ETHERNET_MTU);
    }

    @Override
    public String kind() {
        return "bridge";
    }
}
