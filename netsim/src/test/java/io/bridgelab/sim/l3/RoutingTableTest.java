package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteType;
import org.junit.jupiter.api.Test;

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
}
