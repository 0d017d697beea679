package io.bridgelab.sim.l2;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.engine.Direction;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.engine.PassThroughNetfilter;
import io.bridgelab.sim.testing.TestWorlds;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.Test;

/**
 * arp_ignore on the router r of {@link TestWorlds#routed} (eth0 10.1.0.1/24 towards left 10.1.0.2, eth1 10.2.0.1/24):
 * left asks on r's eth0 for one of r's addresses. The arp-ignore kernel scenario checks modes 1 and 2 against the
 * kernel; these are the table of arp_ignore() in net/ipv4/arp.c.
 */
class ArpIgnoreTest {
    private static final Ipv4Address LEFT = Ipv4Address.parse("10.1.0.2");

    /** Whether r answers left's request for {@code target}, with arp_ignore {@code all} and eth0's {@code eth0}. */
    private static boolean answered(int all, int eth0, Ipv4Address sender, String target) {
        World routed = TestWorlds.routed(true);
        World world = new World(routed.nodes().stream().map(n -> !n.name().equals("r") ? n : withArpIgnore(n, all, eth0))
                .toList());
        Engine engine = new Engine(world, new PassThroughNetfilter(), Integer.MAX_VALUE);
        NodeRuntime left = engine.node("left");
        MacAddress mac = left.node().iface("eth0").mac();
        Packet request = new Packet(new Ethernet(MacAddress.BROADCAST, mac, Ethernet.TYPE_ARP),
                ArpMessage.request(mac, sender, Ipv4Address.parse(target)));
        engine.events().at(0, () -> engine.transmit(left, left.node().iface("eth0"), request,
                engine.newTrace("left", request)));
        engine.run();
        return engine.captures().on("left", "eth0").stream().anyMatch(f -> f.direction() == Direction.IN
                && f.frame().network() instanceof ArpMessage a && a.operation() == ArpMessage.REPLY);
    }

    private static Node withArpIgnore(Node n, int all, int eth0) {
        Sysctls s = n.sysctls();
        Sysctls ignoring = s.withConf(Sysctls.ALL, s.conf(Sysctls.ALL).withArpIgnore(all))
                .withConf("eth0", s.conf("eth0").withArpIgnore(eth0));
        return new Node(n.name(), n.interfaces(), n.routes(), n.neighbours(), ignoring, n.ruleset(), n.sockets(),
                n.checksumOffload());
    }

    @Test
    void zeroAnswersForAnyAddressOfTheNode() {
        assertThat(answered(0, 0, LEFT, "10.1.0.1")).isTrue();
        assertThat(answered(0, 0, LEFT, "10.2.0.1")).isTrue();
        assertThat(answered(0, 0, LEFT, "127.0.0.1")).as("a martian destination from eth0, whatever arp_ignore")
                .isFalse();
    }

    @Test
    void oneAnswersOnlyForTheInterfacesOwnAddresses() {
        assertThat(answered(0, 1, LEFT, "10.1.0.1")).isTrue();
        assertThat(answered(0, 1, LEFT, "10.2.0.1")).isFalse();
        assertThat(answered(1, 0, LEFT, "10.2.0.1")).as("all's value counts when larger").isFalse();
    }

    @Test
    void twoAlsoWantsTheSenderInThatAddresssSubnet() {
        assertThat(answered(0, 2, LEFT, "10.1.0.1")).isTrue();
        assertThat(answered(0, 2, Ipv4Address.parse("10.9.9.9"), "10.1.0.1")).isFalse();
    }

    /** A duplicate address probe (sender 0.0.0.0): arp_ignore=2 takes it as 1. */
    @Test
    void aProbeFromNoAddressIsAnsweredForTheInterfacesOwnAddress() {
        assertThat(answered(0, 2, Ipv4Address.ANY, "10.1.0.1")).isTrue();
        assertThat(answered(0, 2, Ipv4Address.ANY, "10.2.0.1")).isFalse();
    }

    @Test
    void threeAnswersForOtherInterfacesAddressesAndEightNever() {
        assertThat(answered(0, 3, LEFT, "10.2.0.1")).isTrue();
        assertThat(answered(0, 8, LEFT, "10.1.0.1")).isFalse();
        assertThat(answered(8, 1, LEFT, "10.1.0.1")).isFalse();
    }
}
