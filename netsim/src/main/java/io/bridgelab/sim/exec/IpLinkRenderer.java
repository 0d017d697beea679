package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.sim.world.World;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ip addr} and {@code ip link} as iproute2 6.1 prints them (print_linkinfo, print_addrinfo) for
 * interfaces that are all up, IPv6 off (as the fixtures' namespaces are): a veth shows its peer's ifindex
 * ({@code eth0@if5}) and the peer's namespace by name ({@code link-netns test2}, every simulated node being
 * a named namespace), or, when both ends are in one namespace, the peer's name ({@code v0@v1}) and no
 * link-netns; a bridge without ports has no carrier. An address shows its broadcast address ({@code brd}) when
 * it was given one (a snapshot's addr.json; dockerd's bridges and containers in the built-in scenarios). Interfaces
 * are listed in ifindex order.
 */
final class IpLinkRenderer {
    private static final String BRD = "ff:ff:ff:ff:ff:ff";

    private IpLinkRenderer() {
    }

    static ExecResult render(NodeState state, String device, boolean addresses) {
        Node node = state.node();
        List<NetInterface> interfaces = new ArrayList<>(node.interfaces());
        interfaces.sort(Comparator.comparingInt(NetInterface::ifindex));
        if (device != null) {
            NetInterface i = node.iface(device);
            if (i == null) {
                return new ExecResult("", "Device \"" + device + "\" does not exist.\n", 1);
            }
            interfaces = List.of(i);
        }
        StringBuilder s = new StringBuilder();
        for (NetInterface i : interfaces) {
            header(s, state.world(), node, i, !addresses);
            if (addresses) {
                addresses(s, i);
            }
        }
        return ExecResult.ok(s.toString());
    }

    private static void header(StringBuilder s, World world, Node node, NetInterface i, boolean linkMode) {
        s.append(i.ifindex()).append(": ").append(i.name());
        Endpoint peer = World.peerOf(i);
        // The kernel gives a veth's peer as an ifindex (IFLA_LINK), with IFLA_LINK_NETNSID only when the
        // peer is in another namespace: iproute2 then prints ifN and link-netns, else the peer's own name.
        boolean peerHere = i instanceof Veth && peer.node().equals(node.name());
        if (peerHere) {
            s.append('@').append(peer.iface());
        } else if (i instanceof Veth) {
            s.append("@if").append(world.node(peer.node()).iface(peer.iface()).ifindex());
        }
        boolean up = !node.isDown(i.name());
        // A bridge without ports is shown without carrier, as docker0 is once its containers are gone.
        boolean carrier = world.hasCarrier(node.name(), i.name())
                && (!(i instanceof Bridge) || !node.portsOf(i.name()).isEmpty());
        s.append(": <");
        if (i instanceof Loopback) {
            s.append("LOOPBACK,UP,LOWER_UP");
        } else {
            // dev_get_flags' order, as iproute2 prints them: NO-CARRIER first (an up device without carrier).
            s.append(up && !carrier ? "NO-CARRIER," : "");
            if (i instanceof OtherLink o) {
                s.append(String.join(",", o.flags()));
            } else {
                s.append("BROADCAST,MULTICAST");
            }
            s.append(up ? ",UP" : "").append(carrier ? ",LOWER_UP" : "");
        }
        s.append("> mtu ").append(i.mtu());
        // veth and bridge are queueless (noqueue); a physical NIC gets Debian's default qdisc, fq_codel; a device of
        // another kind with a queue gets pfifo_fast in a namespace; one never up has none (noop).
        s.append(" qdisc ").append(!up ? "noop" : i instanceof Wire ? "fq_codel"
                : i instanceof OtherLink ? "pfifo_fast" : "noqueue");
        if (i.port() != null) {
            s.append(" master ").append(i.port().bridge());
        }
        s.append(" state ").append(i instanceof Loopback ? "UNKNOWN" : carrier ? "UP" : "DOWN");
        if (linkMode) {
            s.append(" mode DEFAULT");
        }
        // print_queuelen: no "qlen" for a queue length of 0 (Docker's bridges and veths), the space before it stays.
        s.append(" group default ");
        if (i.txqlen() != 0) {
            s.append("qlen ").append(i.txqlen());
        }
        s.append('\n');
        if (i instanceof Loopback) {
            s.append("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
            return;
        }
        if (i.mac() == null) {
            s.append("    link/none \n");
            return;
        }
        s.append("    link/ether ").append(i.mac()).append(" brd ").append(BRD);
        if (i instanceof Veth && !peerHere) {
            s.append(" link-netns ").append(peer.node());
        }
        s.append('\n');
    }

    private static void addresses(StringBuilder s, NetInterface i) {
        List<Cidr> seen = new ArrayList<>();
        for (InterfaceAddress a : i.addresses()) {
            // The kernel marks a further address in a subnet the interface already has as secondary.
            boolean secondary = seen.contains(a.subnet());
            seen.add(a.subnet());
            s.append("    inet ").append(a.address()).append('/').append(a.prefixLength());
            if (a.broadcast() != null) {
                s.append(" brd ").append(a.broadcast());
            }
            s.append(" scope ").append(a.address().isLoopback() ? "host" : "global");
            if (secondary) {
                s.append(" secondary");
            }
            s.append(' ').append(i.name()).append('\n');
            s.append("       valid_lft forever preferred_lft forever\n");
        }
    }
}
