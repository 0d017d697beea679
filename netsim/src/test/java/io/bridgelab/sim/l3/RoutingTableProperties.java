package io.bridgelab.sim.l3;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Wire;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * The flat-array lookup agrees with the plain reading of the tables, route by route with {@link Cidr#contains}:
 * longest prefix, then lowest metric, then the first in table order; the local table before main.
 */
class RoutingTableProperties {

    @Property(tries = 500)
    void lookupEqualsLongestPrefixOverTheRouteLists(@ForAll int address, @ForAll @IntRange(max = 32) int prefix,
                                                    @ForAll @Size(max = 12) List<@IntRange(max = 0x3ffff) Integer> routes,
                                                    @ForAll @Size(min = 1, max = 40) List<Integer> probes) {
        List<Route> own = new ArrayList<>();
        for (int r : routes) {
            // Few distinct networks, lengths and metrics, so that ties and nesting happen often.
            int length = (r & 0x7) * 4;
            int metric = (r >>> 3) & 0x3;
            int network = (r >>> 5) << 19;
            own.add(new Route(RouteTable.MAIN, RouteType.UNICAST, new Cidr(new Ipv4Address(network), length), null,
                    "eth0", null, metric));
        }
        Node node = new Node("n", List.of(Loopback.standard(), new Wire("eth0", 2, MacAddress.parse("02:00:00:00:00:01"),
                List.of(new InterfaceAddress(new Ipv4Address(address), Math.max(prefix, 1))), null,
                new Endpoint("m", "eth0"))), own, List.of(), Sysctls.DEFAULTS, null, List.of());
        RoutingTable table = RoutingTable.of(node);
        List<Ipv4Address> probe = new ArrayList<>();
        for (int p : probes) {
            probe.add(new Ipv4Address(p));
            probe.add(new Ipv4Address(p & 0xfff80000));
            probe.add(new Ipv4Address(address ^ (p & 0xff)));
        }
        for (Route r : table.local()) {
            probe.add(r.destination().network());
        }
        for (Ipv4Address a : probe) {
            Route local = reference(table.local(), a);
            assertThat(table.lookupLocal(a)).as("local %s", a).isSameAs(local);
            assertThat(table.isLocal(a)).isEqualTo(local != null && local.type() == RouteType.LOCAL);
            assertThat(table.lookup(a)).as("lookup %s", a).isSameAs(local != null ? local : reference(table.main(), a));
        }
    }

    private static Route reference(List<Route> routes, Ipv4Address a) {
        Route best = null;
        for (Route r : routes) {
            if (r.destination().contains(a) && (best == null
                    || r.destination().prefixLength() > best.destination().prefixLength()
                    || r.destination().prefixLength() == best.destination().prefixLength() && r.metric() < best.metric())) {
                best = r;
            }
        }
        return best;
    }
}
