package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.sim.l3.RoutingTable;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.world.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the evaluator learns about the article's host: inet_addr_type, addresses, next hops. */
class WorldHostViewTest {
    private final Node host = DockerHost.article().build().node("host");
    private final WorldHostView view = new WorldHostView(host, RoutingTable.of(host));

    private AddressType type(String address, String device) {
        return view.addressType(Ipv4Address.parse(address), device);
    }

    @Test
    void addrtypeSeesTheLocalTable() {
        assertThat(type("192.168.1.10", null)).isEqualTo(AddressType.LOCAL);
        assertThat(type("172.17.0.1", null)).isEqualTo(AddressType.LOCAL);
        assertThat(type("127.0.0.53", null)).isEqualTo(AddressType.LOCAL);
        assertThat(type("172.17.255.255", null)).isEqualTo(AddressType.BROADCAST);
        assertThat(type("172.17.0.4", null)).isEqualTo(AddressType.UNICAST);
        assertThat(type("8.8.8.8", null)).isEqualTo(AddressType.UNICAST);
        assertThat(type("224.0.0.22", null)).isEqualTo(AddressType.MULTICAST);
    }

    @Test
    void limitIfaceOnlyCountsTheDevicesOwnAddresses() {
        assertThat(type("192.168.1.10", "eth0")).isEqualTo(AddressType.LOCAL);
        assertThat(type("192.168.1.10", "docker0")).isEqualTo(AddressType.UNICAST);
    }

    @Test
    void addressesAndNextHopsForMasquerade() {
        assertThat(view.addresses("docker0")).hasSize(1);
        assertThat(view.addresses("docker0").get(0).address()).isEqualTo(Ipv4Address.parse("172.17.0.1"));
        assertThat(view.addresses("docker0").get(0).secondary()).isFalse();
        assertThat(view.addresses("nope")).isEmpty();
        assertThat(view.nextHop(Ipv4Address.parse("8.8.8.8"), "eth0")).isEqualTo(Ipv4Address.parse("192.168.1.1"));
        assertThat(view.nextHop(Ipv4Address.parse("192.168.1.20"), "eth0")).isEqualTo(Ipv4Address.parse("192.168.1.20"));
    }
}
