package io.bridgelab.sim.exec;

import io.bridgelab.sim.l2.Fdb;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * bridge-utils 1.7's {@code brctl show} (bridges and their ports by name, as it reads them from sysfs with
 * alphasort; STP off, as Docker creates its bridges) and {@code brctl showmacs BR} (the forwarding table
 * from sysfs brforward, sorted by MAC with memcmp; the bridge's own address has no port and is not listed;
 * the ageing timer is the time since the MAC was last seen, 0.00 for local entries).
 */
final class BrctlRenderer {
    private BrctlRenderer() {
    }

    static ExecResult show(NodeState state) {
        StringBuilder s = new StringBuilder("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
        List<Bridge> bridges = new ArrayList<>();
        for (NetInterface i : state.node().interfaces()) {
            if (i instanceof Bridge b) {
                bridges.add(b);
            }
        }
        bridges.sort(Comparator.comparing(Bridge::name));
        for (Bridge b : bridges) {
            s.append(b.name()).append("\t\t").append(bridgeId(b)).append('\t').append("no").append("\t\t");
            List<String> ports = new ArrayList<>(state.node().portsOf(b.name()).stream().map(NetInterface::name).toList());
            ports.sort(null);
            if (ports.isEmpty()) {
                s.append('\n');
            }
            for (int p = 0; p < ports.size(); p++) {
                if (p > 0) {
                    s.append("\t\t\t\t\t\t\t");
                }
                s.append(ports.get(p)).append('\n');
            }
        }
        return ExecResult.ok(s.toString());
    }

    /** Priority 0x8000, then the bridge's address (Docker sets it, so it does not follow the ports). */
    static String bridgeId(Bridge b) {
        return "8000." + b.mac().toString().replace(":", "");
    }

    static ExecResult showmacs(NodeState state, String bridge) {
        Node node = state.node();
        if (!(node.iface(bridge) instanceof Bridge)) {
            // The sysfs brforward file is missing (ENODEV) or the device is no bridge (EOPNOTSUPP).
            return ExecResult.error("read of forward table failed: "
                    + (node.iface(bridge) == null ? "No such device" : "Operation not supported") + "\n");
        }
        List<NetInterface> ports = node.portsOf(bridge);
        List<Fdb.Entry> entries = new ArrayList<>(state.runtime().fdb(bridge).entries(state.nowNanos()).values());
        entries.removeIf(e -> e.port().equals(bridge));
        entries.sort(Comparator.comparing(Fdb.Entry::mac));
        StringBuilder s = new StringBuilder("port no\tmac addr\t\tis local?\tageing timer\n");
        for (Fdb.Entry e : entries) {
            int portNo = portNumber(ports, e.port());
            long age = e.local() ? 0 : Math.max(0, state.nowNanos() - e.lastSeenNanos()) / 10_000_000;
            s.append(String.format("%3d\t%s\t%s\t\t%4d.%02d\n", portNo, e.mac(), e.local() ? "yes" : "no",
                    age / 100, age % 100));
        }
        return ExecResult.ok(s.toString());
    }

    /** Port numbers count from 1 in the order the ports were added (the world lists them so). */
    static int portNumber(List<NetInterface> ports, String port) {
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).name().equals(port)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("FDB entry on " + port + ", which is not a port");
    }
}
