package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The neighbour states that decide br_netfilter's bridged DNAT path (checked against the kernel by the
 * hairpin and hairpin-known-neighbour scenarios of KernelScenarioComparisonTest).
 */
class NeighbourTableTest {
    private static final Ipv4Address IP = Ipv4Address.parse("172.17.0.4");
    private static final MacAddress MAC = MacAddress.parse("02:42:ac:11:00:04");
    private static final MacAddress OTHER = MacAddress.parse("02:42:ac:11:00:05");

    @Test
    void anAskersAddressIsLearnedStaleAndGoesDelayOnceUsed() {
        NeighbourTable t = new NeighbourTable();
        t.learn("docker0", IP, MAC);
        assertThat(t.entry("docker0", IP)).isEqualTo(new NeighbourTable.Entry(MAC, NeighbourTable.State.STALE, false));
        t.used("docker0", IP);
        assertThat(t.entry("docker0", IP)).isEqualTo(new NeighbourTable.Entry(MAC, NeighbourTable.State.DELAY, true));
        assertThat(t.entry("docker0", IP).state().connected()).isFalse();
    }

    @Test
    void aReplyMakesItReachableAndUseCachesTheHeader() {
        NeighbourTable t = new NeighbourTable();
        t.put("docker0", IP, MAC);
        assertThat(t.entry("docker0", IP).headerCached()).isFalse();
        t.used("docker0", IP);
        assertThat(t.entry("docker0", IP)).isEqualTo(new NeighbourTable.Entry(MAC, NeighbourTable.State.REACHABLE, true));
        assertThat(t.entry("docker0", IP).state().connected()).isTrue();
    }

    @Test
    void learningTheSameMacKeepsTheStateAndADifferentOneMakesItStale() {
        NeighbourTable t = new NeighbourTable();
        t.put("docker0", IP, MAC, NeighbourTable.State.PERMANENT);
        t.used("docker0", IP);
        t.learn("docker0", IP, MAC);
        assertThat(t.entry("docker0", IP)).isEqualTo(new NeighbourTable.Entry(MAC, NeighbourTable.State.PERMANENT,
                true));
        t.learn("docker0", IP, OTHER);
        assertThat(t.entry("docker0", IP)).isEqualTo(new NeighbourTable.Entry(OTHER, NeighbourTable.State.STALE,
                false));
    }

    @Test
    void entriesArePerInterface() {
        NeighbourTable t = new NeighbourTable();
        t.learn("docker0", IP, MAC);
        assertThat(t.entry("eth0", IP)).isNull();
        assertThat(t.lookup("docker0", IP)).isEqualTo(MAC);
    }
}
