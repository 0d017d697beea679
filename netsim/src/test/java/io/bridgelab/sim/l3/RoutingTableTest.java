package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTableTest {
    private final RoutingTable host = RoutingTable.of(DockerHost.article().build().node("host"));

    private Route route(String address) {
        return host.lookup(Ipv4Address.parse(address));
    }

    @Test
    void ownAddressesAreLocalRoutesFromTheLocalTable() {
        Route r = route("192.168.1.10");
        assertThat(r.type()).isEqualTo(RouteType.LOCAL);
        assertThat(r.device()).isEqualTo("eth0");
        assertThat(host.isLocal(Ipv4Address.parse("172.17.0.1"))).isTrue();
        assertThat(host.isLocal(Ipv4Address.parse("127.3.4.5"))).as("all of 127/8 is local").isTrue();
        assertThat(host.isLocal(Ipv4Address.parse("172.17.0.4"))).isFalse();
    }

    @Test
    void longestPrefixWinsOverTheDefaultRoute() {
        assertThat(route("172.17.0.4").device()).isEqualTo("docker0");
        assertThat(route("172.17.0.4").gateway()).isNull();
        assertThat(route("192.168.1.20").device()).isEqualTo("eth0");
        Route def = route("8.8.8.8");
        assertThat(def.gateway()).isEqualTo(Ipv4Address.parse("192.168.1.1"));
        assertThat(def.toString()).isEqualTo("default via 192.168.1.1 dev eth0");
    }

    @Test
    void subnetBroadcastIsABroadcastRoute() {
        assertThat(route("172.17.255.255").type()).isEqualTo(RouteType.BROADCAST);
        assertThat(host.isLocal(Ipv4Address.parse("172.17.255.255"))).isFalse();
    }

    @Test
    void connectedRoutesCarryTheInterfaceAddressAsSource() {
        assertThat(route("172.17.0.2").preferredSource()).isEqualTo(Ipv4Address.parse("172.17.0.1"));
    }

    @Test
    void aNodeWithoutDefaultRouteHasNoRouteOutside() {
        RoutingTable client = RoutingTable.of(DockerHost.article().build().node("client"));
        assertThat(client.lookup(Ipv4Address.parse("172.17.0.2"))).isNull();
    }

    /**
     * fib_add_ifaddr, as Linux 6.18 showed it in a namespace (veths eth0..eth2; {@code ip addr add
     * 10.0.0.1/24 dev eth0}, {@code 10.0.0.5/24 dev eth0}, {@code 10.9.9.9/32 dev eth1}, {@code 10.3.0.0/31
     * dev eth2}): the secondary 10.0.0.5 gets only a local route, whose src is the primary; the /32 gets no
     * connected route; the /31 a connected route and no broadcast.
     */
    @Test
    void aSecondaryAddressGetsOnlyALocalRouteAndASlash32NoConnectedRoute() {
        RoutingTable t = RoutingTable.of(kernelCases());
        assertThat(t.main()).extracting(Route::toString).containsExactly(
                "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1",
                "10.3.0.0/31 dev eth2 proto kernel scope link src 10.3.0.0");
        assertThat(t.local()).extracting(Route::toString).containsExactlyInAnyOrder(
                "local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1",
                "local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1",
                "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1",
                "local 10.0.0.1 dev eth0 table local proto kernel scope host src 10.0.0.1",
                "local 10.0.0.5 dev eth0 table local proto kernel scope host src 10.0.0.1",
                "broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.1",
                "local 10.9.9.9 dev eth1 table local proto kernel scope host src 10.9.9.9",
                "local 10.3.0.0 dev eth2 table local proto kernel scope host src 10.3.0.0");
    }

    /** {@code ip route get}: 10.0.0.2 dev eth0 src 10.0.0.1; local 10.0.0.5 dev lo src 10.0.0.1. */
    @Test
    void aConnectionIntoTheSubnetOrToTheSecondaryStartsFromThePrimary() {
        RoutingTable t = RoutingTable.of(kernelCases());
        assertThat(t.lookup(Ipv4Address.parse("10.0.0.2")).preferredSource()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
        assertThat(t.lookup(Ipv4Address.parse("10.0.0.5")).preferredSource()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
        assertThat(t.isLocal(Ipv4Address.parse("10.0.0.5"))).isTrue();
        assertThat(t.isLocal(Ipv4Address.parse("10.9.9.9"))).isTrue();
        assertThat(t.lookup(Ipv4Address.parse("10.9.9.8"))).as("a /32 connects nothing").isNull();
    }

    /** The same subnet with another prefix length is not secondary: it has its own routes. */
    @Test
    void anAddressInTheSubnetWithAnotherPrefixLengthIsAPrimary() {
        RoutingTable t = RoutingTable.of(node(List.of(veth("eth0", 2, "10.0.0.1/24", "10.0.0.5/25"))));
        assertThat(t.main()).extracting(Route::toString).containsExactly(
                "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1",
                "10.0.0.0/25 dev eth0 proto kernel scope link src 10.0.0.5");
        assertThat(t.local()).extracting(Route::toString).contains(
                "broadcast 10.0.0.127 dev eth0 table local proto kernel scope link src 10.0.0.5");
    }

    private static Node kernelCases() {
        return node(List.of(veth("eth0", 2, "10.0.0.1/24", "10.0.0.5/24"), veth("eth1", 3, "10.9.9.9/32"),
                veth("eth2", 4, "10.3.0.0/31")));
    }

    private static Veth veth(String name, int ifindex, String... addresses) {
        return new Veth(name, ifindex, MacAddress.parse("02:00:00:00:00:0" + ifindex),
                List.of(addresses).stream().map(InterfaceAddress::parse).toList(), null, new Endpoint("m", "eth0"));
    }

    private static Node node(List<Veth> veths) {
        List<NetInterface> interfaces = new ArrayList<>();
        interfaces.add(Loopback.standard());
        interfaces.addAll(veths);
        return new Node("n", interfaces, List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
    }
}
