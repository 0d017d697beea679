package io.bridgelab.sim.exec;

import io.bridgelab.sim.l2.Fdb;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code bridge fdb show} (iproute2 6.1) as rtnl_fdb_dump walks the devices in ifindex order: for a
 * bridge port, first its bridge's entries for it (learned ones newest first, then the port's own address,
 * "permanent"; a learned line ends with a blank), then the device's own multicast list ("self permanent");
 * for a bridge, its multicast list, then its own address.
 *
 * <p>The multicast lists are the ones measured in the fixtures' namespaces (IPv6 off; the all-nodes
 * 33:33:00:00:00:01 is joined anyway, the bridge with multicast snooping on also joins the multicast
 * router discovery groups 224.0.0.106 and ff02::6a). A host with IPv6 on would show more groups.
 */
final class BridgeFdbRenderer {
    private static final List<String> DEVICE_GROUPS = List.of("33:33:00:00:00:01", "01:00:5e:00:00:01");
    private static final List<String> BRIDGE_GROUPS = List.of("33:33:00:00:00:01", "01:00:5e:00:00:6a",
            "33:33:00:00:00:6a", "01:00:5e:00:00:01");

    private BridgeFdbRenderer() {
    }

    static ExecResult render(NodeState state) {
        List<NetInterface> interfaces = new ArrayList<>(state.node().interfaces());
        interfaces.sort(Comparator.comparingInt(NetInterface::ifindex));
        StringBuilder s = new StringBuilder();
        for (NetInterface i : interfaces) {
            if (i instanceof Loopback) {
                continue;
            }
            if (i instanceof Bridge b) {
                groups(s, i, BRIDGE_GROUPS);
                s.append(b.mac()).append(" dev ").append(b.name()).append(" master ").append(b.name())
                        .append(" permanent\n");
                continue;
            }
            if (i.port() != null) {
                String bridge = i.port().bridge();
                List<Fdb.Entry> mine = new ArrayList<>();
                for (Fdb.Entry e : state.runtime().fdb(bridge).entries(state.nowNanos()).values()) {
                    if (e.port().equals(i.name())) {
                        mine.add(e);
                    }
                }
                // The kernel's list is newest first; locals were made with the port, before anything learned.
                mine.sort(Comparator.comparing(Fdb.Entry::local)
                        .thenComparing(Comparator.comparingLong(Fdb.Entry::lastSeenNanos).reversed())
                        .thenComparing(Fdb.Entry::mac));
                for (Fdb.Entry e : mine) {
                    s.append(e.mac()).append(" dev ").append(i.name()).append(" master ").append(bridge)
                            .append(e.local() ? " permanent\n" : " \n");
                }
            }
            groups(s, i, DEVICE_GROUPS);
        }
        return ExecResult.ok(s.toString());
    }

    private static void groups(StringBuilder s, NetInterface i, List<String> groups) {
        for (String g : groups) {
            s.append(g).append(" dev ").append(i.name()).append(" self permanent\n");
        }
    }
}
