package io.bridgelab.netfilter.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.Timeouts;
import io.bridgelab.netfilter.conntrack.Tracked;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Ruleset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

/**
 * A run that records nothing ({@link Netfilter.Detail#NONE}, what a replay uses) decides exactly as one that
 * records the rules hit: verdicts, rewritten packets, conntrack views, REJECT answers, counters and the
 * conntrack table agree, for random rulesets and packet sequences, in both evaluator modes; only the trace is
 * empty.
 */
class QuietRunProperties {

    @Property(tries = 300)
    void quietAndRecordedRunsAgree(@ForAll @Size(max = 40) List<@IntRange(min = 0) Integer> filterGenes,
                                   @ForAll @Size(max = 20) List<@IntRange(min = 0) Integer> natGenes,
                                   @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0) Integer> packetGenes,
                                   @ForAll boolean reference) {
        Ruleset rules = RandomRulesets.ruleset(filterGenes, natGenes);
        Netfilter.Mode mode = reference ? Netfilter.Mode.REFERENCE : Netfilter.Mode.FAST;
        Netfilter quiet = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(Timeouts.DEFAULT, 7), mode);
        Netfilter recorded = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(Timeouts.DEFAULT, 7), mode);
        long now = 0;
        for (int gene : packetGenes) {
            RandomRulesets.Sent s = RandomRulesets.packet(gene);
            int path = (gene >>> 1) % 4;
            Paths.Walk a = walk(quiet, s, path, now, Netfilter.Detail.NONE);
            Paths.Walk b = walk(recorded, s, path, now, Netfilter.Detail.HITS);
            assertThat(a.verdict()).isEqualTo(b.verdict());
            assertThat(a.packet()).isEqualTo(b.packet());
            assertThat(a.trace()).isEmpty();
            assertThat(a.hooks()).hasSameSizeAs(b.hooks());
            for (int i = 0; i < a.hooks().size(); i++) {
                HookResult x = a.hooks().get(i);
                HookResult y = b.hooks().get(i);
                assertThat(x.verdict()).isEqualTo(y.verdict());
                assertThat(x.packet()).isEqualTo(y.packet());
                assertThat(x.reject()).isEqualTo(y.reject());
                assertThat(x.tracked().state()).isEqualTo(y.tracked().state());
                assertThat(x.tracked().direction()).isEqualTo(y.tracked().direction());
                assertThat(x.tracked().hasConnection()).isEqualTo(y.tracked().hasConnection());
            }
            now += 700;
        }
        assertThat(quiet.countedRuleset()).isEqualTo(recorded.countedRuleset());
        assertThat(ConntrackListing.render(quiet.conntrack().connections(now), now))
                .isEqualTo(ConntrackListing.render(recorded.conntrack().connections(now), now));
    }

    /**
     * {@link Netfilter#runQuiet} with {@link Netfilter#lastPacket()} and {@link Netfilter#lastTracked()} tells what
     * a run with a result value does, hook by hook.
     */
    @Property(tries = 300)
    void runQuietTellsWhatARunWithAResultDoes(@ForAll @Size(max = 40) List<@IntRange(min = 0) Integer> filterGenes,
                                              @ForAll @Size(max = 20) List<@IntRange(min = 0) Integer> natGenes,
                                              @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0) Integer> packetGenes,
                                              @ForAll boolean reference) {
        Ruleset rules = RandomRulesets.ruleset(filterGenes, natGenes);
        Netfilter.Mode mode = reference ? Netfilter.Mode.REFERENCE : Netfilter.Mode.FAST;
        Netfilter quiet = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(Timeouts.DEFAULT, 7), mode);
        Netfilter recorded = new Netfilter(rules, DockerRuleset.host(), new ConntrackTable(Timeouts.DEFAULT, 7), mode);
        long now = 0;
        for (int gene : packetGenes) {
            RandomRulesets.Sent s = RandomRulesets.packet(gene);
            int path = (gene >>> 1) % 4;
            Hook[] hooks = switch (path) {
                case 0 -> new Hook[] {Hook.PREROUTING, Hook.INPUT};
                case 1 -> new Hook[] {Hook.OUTPUT, Hook.POSTROUTING};
                default -> new Hook[] {Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING};
            };
            Packet p = path == 1 ? s.packet().withMetadata(Metadata.NONE.withOutInterface(s.out()))
                    : s.packet().withMetadata(Metadata.NONE.withInInterface(s.in()));
            Packet q = p;
            Tracked tp = null;
            Tracked tq = null;
            for (Hook h : hooks) {
                if (h == Hook.FORWARD || h == Hook.POSTROUTING) {
                    p = p.withMetadata(p.metadata().withOutInterface(s.out()));
                    q = q.withMetadata(q.metadata().withOutInterface(s.out()));
                }
                Verdict v = quiet.runQuiet(h, p, tp, now);
                HookResult r = recorded.run(h, q, tq, now, Netfilter.Detail.HITS);
                assertThat(v).isEqualTo(r.verdict());
                assertThat(quiet.lastPacket()).isEqualTo(r.packet());
                assertThat(quiet.lastTracked().state()).isEqualTo(r.tracked().state());
                assertThat(quiet.lastTracked().direction()).isEqualTo(r.tracked().direction());
                assertThat(quiet.lastTracked().hasConnection()).isEqualTo(r.tracked().hasConnection());
                if (v != Verdict.ACCEPT) {
                    break;
                }
                p = quiet.lastPacket();
                tp = quiet.lastTracked();
                q = r.packet();
                tq = r.tracked();
            }
            now += 700;
        }
        assertThat(quiet.countedRuleset()).isEqualTo(recorded.countedRuleset());
        assertThat(ConntrackListing.render(quiet.conntrack().connections(now), now))
                .isEqualTo(ConntrackListing.render(recorded.conntrack().connections(now), now));
    }

    private static Paths.Walk walk(Netfilter nf, RandomRulesets.Sent s, int path, long now, Netfilter.Detail detail) {
        return switch (path) {
            case 0 -> Paths.input(nf, s.packet(), s.in(), now, detail);
            case 1 -> Paths.output(nf, s.packet(), s.out(), now, detail);
            default -> Paths.forward(nf, s.packet(), s.in(), s.out(), now, detail);
        };
    }
}
