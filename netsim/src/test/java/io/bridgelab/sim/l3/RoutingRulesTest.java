package io.bridgelab.sim.l3;

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
import io.bridgelab.sim.world.RoutingRule;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy routing (fib_rules_lookup, fib4_rule_action, fib4_rule_suppress): rules by priority, a table without a
 * route or with a throw route passing the lookup on, rule actions that end it, suppress_prefixlength.
 */
class RoutingRulesTest {
    private static final RouteTable T100 = new RouteTable(100);
    private static final RouteTable T300 = new RouteTable(300);
    private static final Ipv4Address GW = ip("10.1.0.2");
    private static final Ipv4Address GW2 = ip("10.2.0.2");

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    private static RoutingRule rule(long priority, boolean not, String from, String to, String iif, long mark,
                                    long mask, RoutingRule.Action action, RouteTable table, int suppress) {
        return new RoutingRule(priority, not, from == null ? null : Cidr.parse(from), to == null ? null : Cidr.parse(to),
                iif, null, mark, mask, action, table, suppress);
    }

    private static Route via(RouteTable table, String destination, Ipv4Address gateway, String device, int mtu) {
        return new Route(table, RouteType.UNICAST, Cidr.parse(destination), gateway, device, null, 0,
                Route.Protocol.BOOT, mtu);
    }

    /** A router with d0 (10.1.0.1/24) and d1 (10.2.0.1/24), these routes and these rules beside the defaults. */
    private static RoutingTable router(List<Route> routes, RoutingRule... rules) {
        List<RoutingRule> all = new ArrayList<>(RoutingRule.DEFAULTS);
        all.addAll(List.of(rules));
        Node n = new Node("r", List.of(Loopback.standard(), veth("d0", 2, "10.1.0.1/24"), veth("d1", 3, "10.2.0.1/24")),
                routes, List.of(), Sysctls.DOCKER_HOST, null, List.of(), Set.of(), all);
        return RoutingTable.of(n);
    }

    private static Veth veth(String name, int ifindex, String address) {
        return new Veth(name, ifindex, MacAddress.parse("02:00:00:00:00:0" + ifindex),
                List.of(InterfaceAddress.parse(address)), null, new Endpoint("m", name));
    }

    @Test
    void rulesAreKeptInPriorityOrderAndPrintedAsIpRuleShowDoes() {
        RoutingTable t = router(List.of(),
                rule(600, true, "172.17.0.0/16", null, null, 0, 0, RoutingRule.Action.LOOKUP, T300, -1),
                rule(100, false, "172.17.0.2/32", "10.9.0.0/16", null, 0, 0, RoutingRule.Action.LOOKUP, T100, -1),
                rule(200, false, null, null, null, 1, 0xffff_ffffL, RoutingRule.Action.PROHIBIT, null, -1),
                rule(300, false, null, "10.8.0.0/16", "d0", 0, 0, RoutingRule.Action.UNREACHABLE, null, -1),
                rule(301, false, null, null, null, 2, 0xff, RoutingRule.Action.BLACKHOLE, null, -1),
                rule(500, false, null, null, null, 0, 0, RoutingRule.Action.LOOKUP, RouteTable.MAIN, 0));
        // As `ip rule show` printed the same rules on Linux 6.18 (iproute2 6.1), but for `oif`, not modelled.
        assertThat(t.rules()).extracting(RoutingRule::toString).containsExactly(
                "0:\tfrom all lookup local",
                "100:\tfrom 172.17.0.2 to 10.9.0.0/16 lookup 100",
                "200:\tfrom all fwmark 0x1 prohibit",
                "300:\tfrom all to 10.8.0.0/16 iif d0 unreachable",
                "301:\tfrom all fwmark 0x2/0xff blackhole",
                "500:\tfrom all lookup main suppress_prefixlength 0",
                "600:\tnot from 172.17.0.0/16 lookup 300",
                "32766:\tfrom all lookup main",
                "32767:\tfrom all lookup default");
    }

    @Test
    void aSourceRuleSendsItsFlowsToItsTableAndOthersToMain() {
        RoutingTable t = router(List.of(via(T100, "10.9.0.0/16", GW2, "d1", 1300),
                        via(RouteTable.MAIN, "10.9.0.0/16", GW, "d0", 0)),
                rule(100, false, "172.17.0.2/32", "10.9.0.0/16", null, 0, 0, RoutingRule.Action.LOOKUP, T100, -1));
        RoutingTable.Lookup fromTest1 = t.input(ip("10.9.0.1"), ip("172.17.0.2"), "d0", 0);
        assertThat(fromTest1.route().device()).isEqualTo("d1");
        assertThat(fromTest1.route().mtu()).isEqualTo(1300);
        assertThat(fromTest1.rule().priority()).isEqualTo(100);
        assertThat(t.input(ip("10.9.0.1"), ip("172.17.0.3"), "d0", 0).route().device()).isEqualTo("d0");
        // The node's own first lookup has no source yet: a from rule does not match it.
        assertThat(t.lookup(ip("10.9.0.1")).device()).isEqualTo("d0");
        assertThat(t.match(ip("10.9.0.1"), ip("172.17.0.2")).route().device()).isEqualTo("d1");
        // Local addresses are found by rule 0 before any other.
        assertThat(t.input(ip("10.1.0.1"), ip("172.17.0.2"), "d0", 0).route().type()).isEqualTo(RouteType.LOCAL);
    }

    @Test
    void aThrowRouteOrNoRouteInTheTablePassesTheLookupToTheNextRule() {
        RoutingTable t = router(List.of(via(T100, "10.9.0.0/16", GW2, "d1", 0),
                        new Route(T100, RouteType.THROW, Cidr.parse("10.9.1.0/24"), null, null, null, 0,
                                Route.Protocol.BOOT),
                        via(RouteTable.MAIN, "10.0.0.0/8", GW, "d0", 0)),
                rule(100, false, null, null, null, 0, 0, RoutingRule.Action.LOOKUP, T100, -1));
        assertThat(t.lookup(ip("10.9.2.1")).device()).isEqualTo("d1");
        assertThat(t.lookup(ip("10.9.1.1")).device()).as("throw: on to main").isEqualTo("d0");
        assertThat(t.lookup(ip("10.7.0.1")).device()).as("no route in 100: on to main").isEqualTo("d0");
        RoutingTable.Lookup none = t.match(ip("192.0.2.1"));
        assertThat(none.found()).isFalse();
        assertThat(none.failure()).isEqualTo(RouteType.THROW);
        assertThat(none.failure().forwardedAnswer()).as("ICMP net unreachable").isZero();
    }

    @Test
    void suppressPrefixLengthIgnoresRoutesThatGeneralAndTheWalkGoesOn() {
        // wg-quick's pattern: the main table's default route is not taken, a later rule's table is.
        RoutingTable t = router(List.of(via(RouteTable.MAIN, "0.0.0.0/0", GW, "d0", 0),
                        via(RouteTable.MAIN, "10.5.0.0/16", GW, "d0", 0), via(T300, "0.0.0.0/0", GW2, "d1", 0)),
                rule(500, false, null, null, null, 0, 0, RoutingRule.Action.LOOKUP, RouteTable.MAIN, 0),
                rule(600, false, "172.17.0.4/32", null, null, 0, 0, RoutingRule.Action.LOOKUP, T300, -1));
        assertThat(t.input(ip("10.6.0.1"), ip("172.17.0.4"), "d0", 0).route().device()).isEqualTo("d1");
        assertThat(t.input(ip("10.5.0.1"), ip("172.17.0.4"), "d0", 0).route().device())
                .as("a /16 is longer than 0: taken from main").isEqualTo("d0");
        RoutingTable.Lookup other = t.input(ip("10.6.0.1"), ip("172.17.0.2"), "d0", 0);
        assertThat(other.route().device()).as("rule 32766 takes main's default").isEqualTo("d0");
        assertThat(other.rule().priority()).isEqualTo(32766);
    }

    @Test
    void ruleActionsEndTheLookupWithTheirErrors() {
        RoutingTable t = router(List.of(via(RouteTable.MAIN, "0.0.0.0/0", GW, "d0", 0)),
                rule(200, false, null, null, null, 1, 0xffff_ffffL, RoutingRule.Action.PROHIBIT, null, -1),
                rule(300, false, null, "10.8.0.0/16", "d1", 0, 0, RoutingRule.Action.UNREACHABLE, null, -1),
                rule(301, false, null, null, null, 2, 0xff, RoutingRule.Action.BLACKHOLE, null, -1));
        RoutingTable.Lookup marked = t.input(ip("10.6.0.1"), ip("10.2.0.5"), "d1", 1);
        assertThat(marked.failure()).isEqualTo(RouteType.PROHIBIT);
        assertThat(marked.failure().forwardedAnswer()).isEqualTo(13);
        assertThat(marked.failedText(ip("10.6.0.1")))
                .isEqualTo("the routing rule '200: from all fwmark 0x1 prohibit' ends the lookup for 10.6.0.1");
        assertThat(t.input(ip("10.6.0.1"), ip("10.2.0.5"), "d1", 0x101).found()).as("0x101 is not 0x1").isTrue();
        RoutingTable.Lookup unreachable = t.input(ip("10.8.0.1"), ip("10.2.0.5"), "d1", 0);
        assertThat(unreachable.failure()).as("ENETUNREACH, not an unreachable route's EHOSTUNREACH")
                .isEqualTo(RouteType.THROW);
        assertThat(t.input(ip("10.8.0.1"), ip("10.1.0.5"), "d0", 0).found()).as("iif d1 only").isTrue();
        assertThat(t.input(ip("10.6.0.1"), ip("10.2.0.5"), "d1", 0x302).failure()).as("0x302 & 0xff is 0x2")
                .isEqualTo(RouteType.BLACKHOLE);
        assertThat(t.lookup(ip("10.8.0.1"))).as("the node's own packets come from lo, not d1").isNotNull();
    }

    @Test
    void theReversePathLookupComesFromLoWithoutAMark() {
        RoutingTable t = router(List.of(via(RouteTable.MAIN, "0.0.0.0/0", GW, "d0", 0), via(T100, "0.0.0.0/0", GW2,
                        "d1", 0)),
                rule(100, false, null, null, "lo", 0, 0, RoutingRule.Action.LOOKUP, T100, -1),
                rule(101, false, null, null, null, 7, 0xffff_ffffL, RoutingRule.Action.BLACKHOLE, null, -1));
        assertThat(t.reverse(ip("192.0.2.7"), ip("10.1.0.1")).device()).isEqualTo("d1");
        assertThat(t.input(ip("192.0.2.7"), ip("10.1.0.9"), "d0", 0).route().device()).isEqualTo("d0");
    }

    @Test
    void notInvertsTheWholeSelector() {
        RoutingTable t = router(List.of(via(RouteTable.MAIN, "0.0.0.0/0", GW, "d0", 0), via(T300, "0.0.0.0/0", GW2,
                        "d1", 0)),
                rule(600, true, "172.17.0.0/16", null, "d0", 0, 0, RoutingRule.Action.LOOKUP, T300, -1));
        assertThat(t.input(ip("10.6.0.1"), ip("172.17.0.4"), "d0", 0).route().device()).isEqualTo("d0");
        assertThat(t.input(ip("10.6.0.1"), ip("172.17.0.4"), "d1", 0).route().device())
                .as("iif is part of what not inverts").isEqualTo("d1");
        assertThat(t.input(ip("10.6.0.1"), ip("192.0.2.4"), "d0", 0).route().device()).isEqualTo("d1");
    }
}
