package io.bridgelab.sim.exec;

import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.World;

/**
 * {@code cat /sys/class/net/IF/ATTR}: {@code ifindex}; {@code iflink}, which for a veth is its peer's
 * ifindex (in the peer's namespace: how one finds a container's host-side veth) and otherwise the
 * interface's own; {@code address}; {@code mtu}. Like cat, it prints what it can and fails on the rest.
 */
final class SysfsRenderer {
    private SysfsRenderer() {
    }

    static ExecResult render(NodeState state, ShellCommand.SysfsRead c) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String path : c.paths()) {
            String[] parts = path.split("/");
            String iface = parts[4];
            String attribute = parts[5];
            NetInterface i = state.node().iface(iface);
            if (i == null) {
                err.append("cat: ").append(path).append(": No such file or directory\n");
                continue;
            }
            out.append(switch (attribute) {
                case "ifindex" -> Integer.toString(i.ifindex());
                case "iflink" -> Integer.toString(iflink(state.world(), i));
                case "address" -> i.mac() == null ? "" : i.mac().toString();
                case "mtu" -> Integer.toString(i.mtu());
                default -> throw new IllegalStateException("parser let through " + path);
            }).append('\n');
        }
        return new ExecResult(out.toString(), err.toString(), err.isEmpty() ? 0 : 1);
    }

    static int iflink(World world, NetInterface i) {
        if (i instanceof Veth v) {
            Endpoint peer = v.peer();
            return world.node(peer.node()).iface(peer.iface()).ifindex();
        }
        return i.ifindex();
    }
}
