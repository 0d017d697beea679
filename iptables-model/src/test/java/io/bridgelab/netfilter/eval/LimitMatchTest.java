package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Counters;
import io.bridgelab.netfilter.rule.LimitMatch;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.netfilter.text.ParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** {@code -m limit}: nftables' token bucket on the simulated clock, one per rule. */
class LimitMatchTest {
    private static final long MS = 1_000_000;

    private static Netfilter netfilter(String rules, Netfilter.Mode mode) throws ParseException {
        Ruleset r = IptablesSaveParser.parse("*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + rules + "COMMIT\n");
        // FAST with every chain indexed, however short (the index is what the mode changes).
        return new Netfilter(r, DockerRuleset.host(), new ConntrackTable(), mode == Netfilter.Mode.FAST ? 0 : -1);
    }

    /** Whether each packet, sent {@code gapMs} apart from 0, is accepted at INPUT. */
    private static List<Boolean> accepted(Netfilter nf, Packet p, int count, long gapMs) {
        List<Boolean> out = new ArrayList<>();
        Packet in = p.withMetadata(p.metadata().withInInterface("eth0"));
        for (int k = 0; k < count; k++) {
            long now = 1_000 * MS + k * gapMs * MS;
            HookResult pre = nf.runAtNanos(Hook.PREROUTING, in, null, now, Netfilter.Detail.NONE);
            out.add(nf.runAtNanos(Hook.INPUT, pre.packet(), pre.tracked(), now, Netfilter.Detail.NONE).accepted());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void aBurstPassesAtOnceThenOnePacketAPeriod(Netfilter.Mode mode) throws ParseException {
        Netfilter nf = netfilter("-A INPUT -p udp -m limit --limit 5/sec --limit-burst 3 -j ACCEPT\n", mode);
        // 200 ms a packet, 3 in the bucket: 95 ms apart, the fourth finds 600 - 3 * 200 + 3 * 95 = 285 ms of credit.
        assertThat(accepted(nf, udp("10.0.0.2", 1000, "10.0.0.1", 9), 12, 95))
                .containsExactly(true, true, true, true, false, true, false, true, false, true, false, true);
        Counters c = nf.countedRuleset().table(TableName.FILTER).chain("INPUT")
                .rules().get(0).counters();
        assertThat(c.packets()).isEqualTo(8);
    }

    @Test
    void theDefaultIsThreeAnHourWithABurstOfFive() throws ParseException {
        // 1200 s a packet, 5 in the bucket: a minute apart, the sixth finds 240 s of credit.
        Netfilter nf = netfilter("-A INPUT -m limit -j ACCEPT\n", Netfilter.Mode.REFERENCE);
        assertThat(accepted(nf, udp("10.0.0.2", 1000, "10.0.0.1", 9), 7, 60_000))
                .containsExactly(true, true, true, true, true, false, false);
        assertThat(new LimitMatch(LimitMatch.DEFAULT_AVG, 5).rateText()).isEqualTo("3/hour");
    }

    @ParameterizedTest
    @EnumSource(Netfilter.Mode.class)
    void aLimitBeforeThePortMatchTakesFromEveryPacketThatReachesIt(Netfilter.Mode mode) throws ParseException {
        // The kernel tries a rule's matches in order: a packet to port 53 pays the limit before the port fails it.
        Netfilter before = netfilter("-A INPUT -p udp -m limit --limit 1/min --limit-burst 1 -m udp --dport 9"
                + " -j ACCEPT\n", mode);
        accepted(before, udp("10.0.0.2", 1000, "10.0.0.1", 53), 1, 0);
        assertThat(accepted(before, udp("10.0.0.2", 1000, "10.0.0.1", 9), 1, 0)).containsExactly(false);
        Netfilter after = netfilter("-A INPUT -p udp -m udp --dport 9 -m limit --limit 1/min --limit-burst 1"
                + " -j ACCEPT\n", mode);
        accepted(after, udp("10.0.0.2", 1000, "10.0.0.1", 53), 1, 0);
        assertThat(accepted(after, udp("10.0.0.2", 1000, "10.0.0.1", 9), 1, 0)).containsExactly(true);
    }

    @Test
    void eachRuleHasItsOwnBucketAndTheExplanationSaysWhatIsLeft() throws ParseException {
        Netfilter nf = netfilter("-A INPUT -m limit --limit 1/min --limit-burst 1 -j LOG\n"
                + "-A INPUT -m limit --limit 1/min --limit-burst 1 -j ACCEPT\n", Netfilter.Mode.REFERENCE);
        Packet p = udp("10.0.0.2", 1000, "10.0.0.1", 9).withMetadata(
                udp("10.0.0.2", 1000, "10.0.0.1", 9).metadata().withInInterface("eth0"));
        HookResult pre = nf.run(Hook.PREROUTING, p, null, 0, true);
        assertThat(nf.run(Hook.INPUT, pre.packet(), pre.tracked(), 0, true).accepted()).isTrue();
        HookResult second = nf.run(Hook.INPUT, pre.packet(), pre.tracked(), 10_000, true);
        assertThat(second.accepted()).isFalse();
        assertThat(second.trace()).filteredOn(e -> e instanceof TraceEvent.NoMatch).extracting(
                e -> ((TraceEvent.NoMatch) e).reason()).containsExactly(
                "-m limit --limit 1/min --limit-burst 1 did not match: over the rate (a packet costs 60000 ms of"
                        + " credit, 10000 ms left)",
                "-m limit --limit 1/min --limit-burst 1 did not match: over the rate (a packet costs 60000 ms of"
                        + " credit, 10000 ms left)");
    }

    @Test
    void ratesPrintInTheUnitIptablesChooses() {
        assertThat(new LimitMatch(LimitMatch.SCALE * 3600 / 7, 5).rateText()).isEqualTo("7/hour");
        assertThat(new LimitMatch(LimitMatch.SCALE * 60 / 1000, 5).rateText()).isEqualTo("1000/min");
        assertThat(new LimitMatch(LimitMatch.SCALE / 3, 5).rateText()).isEqualTo("3/sec");
        assertThat(new LimitMatch(LimitMatch.SCALE * 86400 / 13, 5).nftUnitSeconds()).isEqualTo(86400);
    }
}
