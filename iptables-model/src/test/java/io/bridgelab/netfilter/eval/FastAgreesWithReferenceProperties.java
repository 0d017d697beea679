package io.bridgelab.netfilter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.Timeouts;
import io.bridgelab.netfilter.rule.Ruleset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

/**
 * The indexed evaluator and the plain first-match reference agree on verdicts, rewritten packets,
 * traces (including no-match reasons), counters and the conntrack table, for random rulesets and
 * random packet sequences.
 */
class FastAgreesWithReferenceProperties {

    @Property(tries = 400)
    void fastAndReferenceAgree(@ForAll @Size(max = 40) List<@IntRange(min = 0) Integer> filterGenes,
                               @ForAll @Size(max = 20) List<@IntRange(min = 0) Integer> natGenes,
                               @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0) Integer> packetGenes) {
        Ruleset rules = RandomRulesets.ruleset(filterGenes, natGenes);
        Netfilter fast = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(Timeouts.DEFAULT, 7),
                Netfilter.Mode.FAST);
        Netfilter reference = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(Timeouts.DEFAULT, 7),
                Netfilter.Mode.REFERENCE);
        long now = 0;
        for (int gene : packetGenes) {
            RandomRulesets.Sent s = RandomRulesets.packet(gene);
            boolean explain = (gene & 1) == 0;
            Paths.Walk a = Paths.forward(fast, s.packet(), s.in(), s.out(), now, explain);
            Paths.Walk b = Paths.forward(reference, s.packet(), s.in(), s.out(), now, explain);
            assertThat(a.verdict()).isEqualTo(b.verdict());
            assertThat(a.packet()).isEqualTo(b.packet());
            assertThat(a.trace().stream().map(Object::toString).toList())
                    .isEqualTo(b.trace().stream().map(Object::toString).toList());
            now += 700;
        }
        assertThat(fast.countedRuleset()).isEqualTo(reference.countedRuleset());
        assertThat(ConntrackListing.render(fast.conntrack().connections(now), now))
                .isEqualTo(ConntrackListing.render(reference.conntrack().connections(now), now));
    }

    @Property(tries = 200)
    void indexedLongChainsAgree(@ForAll @IntRange(min = 1, max = 400) int ports,
                                @ForAll @IntRange(min = 9990, max = 10410) int probe) {
        // Mostly ports of the long chain, sometimes below it; 9990 stands for Docker's own 8088 rule.
        int probePort = probe == 9990 ? 8088 : probe;
        Ruleset rules = Benchmarks.dockerWithPorts(ports);
        Netfilter fast = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(), Netfilter.Mode.FAST);
        Netfilter reference = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(),
                Netfilter.Mode.REFERENCE);
        var syn = io.bridgelab.netfilter.conntrack.TestPackets.tcp("192.168.1.20", 40000, "192.168.1.10", probePort,
                io.bridgelab.netfilter.packet.TcpFlags.SYN);
        HookResult a = fast.run(Hook.PREROUTING, io.bridgelab.netfilter.conntrack.TestPackets.in(syn, "eth0"), null,
                0, true);
        HookResult b = reference.run(Hook.PREROUTING, io.bridgelab.netfilter.conntrack.TestPackets.in(syn, "eth0"),
                null, 0, true);
        assertThat(a.packet()).isEqualTo(b.packet());
        assertThat(a.trace().stream().map(Object::toString).toList())
                .isEqualTo(b.trace().stream().map(Object::toString).toList());
        assertThat(fast.countedRuleset()).isEqualTo(reference.countedRuleset());
    }
}
