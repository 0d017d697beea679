package io.bridgelab.sim.exec;

import io.bridgelab.sim.l2.NeighbourTable;
import io.bridgelab.sim.world.NeighbourEntry;
import io.bridgelab.sim.world.NetInterface;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ip neigh} (iproute2 6.1; each line ends with a blank). Static entries are PERMANENT; an entry
 * the simulation learned is REACHABLE, the state of a freshly confirmed one: the kernel's later states
 * (STALE after base_reachable_time, DELAY/PROBE when used unconfirmed) follow timers the simulation does
 * not run. Lines come in ifindex then address order (the kernel dumps its hash buckets); with
 * {@code dev IF} the lines leave out {@code dev IF}, as ip does.
 */
final class NeighbourRenderer {
    private NeighbourRenderer() {
    }

    static ExecResult render(NodeState state, String device) {
        if (device != null && state.node().iface(device) == null) {
            return new ExecResult("", "Cannot find device \"" + device + "\"\n", 1);
        }
        List<NeighbourTable.Resolved> entries = new ArrayList<>(state.runtime().neighbours().resolvedEntries());
        entries.sort(Comparator.comparingInt((NeighbourTable.Resolved e) -> ifindex(state, e.iface()))
                .thenComparing(NeighbourTable.Resolved::address));
        StringBuilder s = new StringBuilder();
        for (NeighbourTable.Resolved e : entries) {
            if (device != null && !device.equals(e.iface())) {
                continue;
            }
            s.append(e.address());
            if (device == null) {
                // Filtered by device, ip leaves the device out of each line (it is the one asked for).
                s.append(" dev ").append(e.iface());
            }
            s.append(" lladdr ").append(e.mac()).append(' ')
                    .append(permanent(state, e) ? "PERMANENT" : "REACHABLE").append(" \n");
        }
        return ExecResult.ok(s.toString());
    }

    private static int ifindex(NodeState state, String iface) {
        NetInterface i = state.node().iface(iface);
        return i == null ? Integer.MAX_VALUE : i.ifindex();
    }

    private static boolean permanent(NodeState state, NeighbourTable.Resolved e) {
        for (NeighbourEntry n : state.node().neighbours()) {
            if (n.permanent() && n.device().equals(e.iface()) && n.address().equals(e.address())
                    && n.mac().equals(e.mac())) {
                return true;
            }
        }
        return false;
    }
}
