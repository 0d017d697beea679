package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.MacAddress;

import java.util.List;

/**
 * An interface of a kind the simulator does not model as a device: a tun or tap (a VPN's, a VM's), wireguard,
 * vxlan, macvlan, ifb, an IP tunnel... as a real host's snapshot has them. Its addresses are the node's own and make
 * their routes as any interface's do, the node's routes may lead out of it, tcpdump sees what leaves by it; what the
 * device then does with a packet (encrypt it, hand it to a program or a VM, encapsulate it) is not simulated: the
 * packet leaves the simulation there, as by a NIC cabled to the world outside ({@link Wire#toOutside()}), and what
 * arrives on it comes from a replay's {@code --inject}.
 *
 * @param kind    as {@code ip -d link} names it ({@code linkinfo.info_kind}: tun, wireguard, vxlan...; {@code tap} for
 *                what it prints as {@code tun type tap}), or the link type for a device without a kind
 * @param mac     the device's link-layer address, or null for a device without a link layer ({@code link/none}, an
 *                IP tunnel's): its packets are raw IP datagrams, captured as LINKTYPE_RAW, sent without ARP
 * @param flags   the device's kind of flags as {@code ip link} prints them, without the state ones (UP, LOWER_UP,
 *                NO-CARRIER, DORMANT...): {@code BROADCAST,MULTICAST} for a tap, {@code POINTOPOINT,MULTICAST,NOARP}
 *                for a tun, {@code BROADCAST,NOARP} for an ifb. With {@code NOARP} the node resolves no next hop by
 *                ARP on it: a device with a link layer then takes its own MAC as every neighbour's (arp_constructor's
 *                NUD_NOARP)
 * @param carrier whether the device has carrier ({@code LOWER_UP}: a tun or tap whose program holds it open): one
 *                without drops what it is given, after tcpdump saw it
 */
public record OtherLink(String name, int ifindex, String kind, MacAddress mac, List<InterfaceAddress> addresses,
                        BridgePort port, List<String> flags, boolean carrier, int mtu, int txqlen)
        implements NetInterface {
    /** The flags that tell a device's state, not its kind: ip prints them from the state. */
    public static final List<String> STATE_FLAGS = List.of("UP", "LOWER_UP", "NO-CARRIER", "DORMANT", "M-DOWN", "ECHO");

    public OtherLink {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException(name + ": an interface of another kind needs its kind");
        }
        addresses = List.copyOf(addresses);
        flags = List.copyOf(flags);
        for (String f : flags) {
            if (STATE_FLAGS.contains(f)) {
                throw new IllegalArgumentException(name + ": flag " + f + " is a state, not the device's kind");
            }
        }
        if (mac == null && port != null) {
            throw new IllegalArgumentException(name + ": a device without a link layer cannot be a bridge port");
        }
        NetInterface.checkedMtu(name, mtu);
        NetInterface.checkedTxqlen(name, txqlen);
    }

    /** Whether frames on it carry an Ethernet header (false: raw IP datagrams). */
    public boolean linkLayer() {
        return mac != null;
    }

    /** Whether the node resolves next hops on it by ARP: a link layer and no {@code NOARP} flag. */
    public boolean arp() {
        return mac != null && !flags.contains("NOARP");
    }
}
