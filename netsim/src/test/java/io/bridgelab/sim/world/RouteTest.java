package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Route#toString} against iproute2 6.1 on Linux 6.18: each expected line is what {@code ip route}
 * printed (less its trailing blank) for the route added in a namespace with {@code ip route add} as the
 * test's name says, eth0 having 10.0.0.1/24.
 */
class RouteTest {
    private static final Ipv4Address GW = Ipv4Address.parse("10.0.0.2");
    private static final Ipv4Address SRC = Ipv4Address.parse("10.0.0.1");

    private static Route user(String to, Ipv4Address via, Ipv4Address src, int metric) {
        return new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.parse(to), via, "eth0", src, metric);
    }

    /** ip route add 10.5.0.0/16 via 10.0.0.2 src 10.0.0.1 metric 100; ... via 10.0.0.2 dev eth0 src 10.0.0.1. */
    @Test
    void aGatewayRouteShowsItsSourceBeforeTheMetric() {
        assertThat(user("10.5.0.0/16", GW, SRC, 100))
                .hasToString("10.5.0.0/16 via 10.0.0.2 dev eth0 src 10.0.0.1 metric 100");
        assertThat(user("10.11.0.0/16", GW, SRC, 0)).hasToString("10.11.0.0/16 via 10.0.0.2 dev eth0 src 10.0.0.1");
        assertThat(user("10.14.0.0/16", GW, null, 3)).hasToString("10.14.0.0/16 via 10.0.0.2 dev eth0 metric 3");
        assertThat(user("0.0.0.0/0", Ipv4Address.parse("10.0.0.253"), null, 50))
                .hasToString("default via 10.0.0.253 dev eth0 metric 50");
    }

    /** ip route add 10.7.0.0/16 dev eth0; 10.15.0.1 dev eth0; ... dev eth0 metric 5: iproute2 picks scope link. */
    @Test
    void aRouteWithoutGatewayHasScopeLink() {
        assertThat(user("10.7.0.0/16", null, null, 0)).hasToString("10.7.0.0/16 dev eth0 scope link");
        assertThat(user("10.15.0.1/32", null, null, 0)).hasToString("10.15.0.1 dev eth0 scope link");
        assertThat(user("10.12.0.0/16", null, null, 5)).hasToString("10.12.0.0/16 dev eth0 scope link metric 5");
    }

    /** ip route add 10.8.0.0/16 dev eth0 src 10.0.0.1 [metric 7]: a user's route is not proto kernel. */
    @Test
    void aUsersRouteWithSourceIsNotProtoKernel() {
        assertThat(user("10.8.0.0/16", null, SRC, 0)).hasToString("10.8.0.0/16 dev eth0 scope link src 10.0.0.1");
        assertThat(user("10.13.0.0/16", null, SRC, 7))
                .hasToString("10.13.0.0/16 dev eth0 scope link src 10.0.0.1 metric 7");
    }

    @Test
    void theKernelsRoutesForAnAddressAreProtoKernel() {
        assertThat(Route.connected(Cidr.parse("10.0.0.0/24"), "eth0", SRC))
                .hasToString("10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1");
        assertThat(new Route(RouteTable.LOCAL, RouteType.LOCAL, Cidr.host(SRC), null, "eth0", SRC, 0,
                Route.Protocol.KERNEL))
                .hasToString("local 10.0.0.1 dev eth0 table local proto kernel scope host src 10.0.0.1");
        assertThat(new Route(RouteTable.LOCAL, RouteType.BROADCAST, Cidr.parse("10.0.0.255/32"), null, "eth0", SRC, 0,
                Route.Protocol.KERNEL))
                .hasToString("broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.1");
    }

    @Test
    void aUsersRouteIsProtoBootAndEqualsTheSameRouteMadeAgain() {
        assertThat(user("10.7.0.0/16", null, null, 0).protocol()).isEqualTo(Route.Protocol.BOOT);
        assertThat(Route.defaultVia(GW, "eth0")).isEqualTo(user("0.0.0.0/0", GW, null, 0));
        assertThat(Route.connected(Cidr.parse("10.0.0.0/24"), "eth0", SRC))
                .isNotEqualTo(user("10.0.0.0/24", null, SRC, 0));
        assertThatThrownBy(() -> new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.ANY, GW, "eth0", null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * ip route add blackhole default metric 100; unreachable 10.1.0.0/16 metric 5; prohibit 10.2.0.0/16 proto static;
     * blackhole 10.3.0.0/16; throw 10.4.0.0/16; unreachable 10.1.0.0/16 src 10.0.0.1 (iproute2 6.1, Linux 6.18).
     */
    @Test
    void aRouteWhoseLookupFailsShowsItsTypeAndNoDevice() {
        Route.Protocol boot = Route.Protocol.BOOT;
        assertThat(Route.failing(RouteType.BLACKHOLE, Cidr.ANY, null, 100, boot)).hasToString("blackhole default metric 100");
        assertThat(Route.failing(RouteType.UNREACHABLE, Cidr.parse("10.1.0.0/16"), null, 5, boot))
                .hasToString("unreachable 10.1.0.0/16 metric 5");
        assertThat(Route.failing(RouteType.PROHIBIT, Cidr.parse("10.2.0.0/16"), null, 0, new Route.Protocol("static")))
                .hasToString("prohibit 10.2.0.0/16 proto static");
        assertThat(Route.failing(RouteType.BLACKHOLE, Cidr.parse("10.3.0.0/16"), null, 0, boot))
                .hasToString("blackhole 10.3.0.0/16");
        assertThat(Route.failing(RouteType.THROW, Cidr.parse("10.4.0.0/16"), null, 0, boot))
                .hasToString("throw 10.4.0.0/16");
        assertThat(Route.failing(RouteType.UNREACHABLE, Cidr.parse("10.1.0.0/16"), SRC, 0, boot))
                .hasToString("unreachable 10.1.0.0/16 src 10.0.0.1");
    }

    /** The kernel refuses them too: "Gateway, device and multipath can not be specified for this route type". */
    @Test
    void aFailingRouteHasNoDeviceNorGatewayAndAUnicastOneNeedsADevice() {
        assertThatThrownBy(() -> new Route(RouteTable.MAIN, RouteType.BLACKHOLE, Cidr.ANY, null, "eth0", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no device and no gateway");
        assertThatThrownBy(() -> new Route(RouteTable.MAIN, RouteType.PROHIBIT, Cidr.ANY, GW, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.ANY, GW, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a device");
    }
}
