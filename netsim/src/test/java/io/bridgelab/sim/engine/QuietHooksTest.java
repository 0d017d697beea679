package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.conntrack.ConntrackListing;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.load.FixtureArticleHost;
import io.bridgelab.sim.world.Node;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay whose hooks run quietly ({@link Engine#pass} asking {@link EvaluatedNetfilter#hookQuiet}, no value per
 * hook) is the replay whose hooks make result values ({@link Engine#hook}): the same frames on every interface,
 * in the same order, and the same conntrack tables at the end.
 */
class QuietHooksTest {
    private static final Path CAPTURES = Path.of("../fixtures/scenarios/port-mapping/captured/captures");

    private record Run(Engine engine, EvaluatedNetfilter netfilter) {
    }

    private static Run replay(boolean resultValues) throws Exception {
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(FixtureArticleHost.build(), netfilter, Integer.MAX_VALUE, false);
        if (resultValues) {
            engine.resultValuesOnly();
        }
        EdgeReplay.schedule(engine, List.of(new EdgeReplay.Edge("ext", "eth0", CAPTURES.resolve("ext/eth0.pcap")),
                new EdgeReplay.Edge("test1", "eth0", CAPTURES.resolve("test1/eth0.pcap")),
                new EdgeReplay.Edge("test2", "eth0", CAPTURES.resolve("test2/eth0.pcap"))));
        engine.run();
        return new Run(engine, netfilter);
    }

    @Test
    void quietHooksGiveTheRunThatResultValuesGive() throws Exception {
        Run quiet = replay(false);
        Run values = replay(true);
        assertThat(quiet.engine().captures().interfaces()).isEqualTo(values.engine().captures().interfaces())
                .hasSizeGreaterThan(4);
        int frames = 0;
        for (String key : values.engine().captures().interfaces()) {
            String[] k = key.split(":");
            assertThat(quiet.engine().captures().on(k[0], k[1])).as(key)
                    .isEqualTo(values.engine().captures().on(k[0], k[1]));
            frames += values.engine().captures().on(k[0], k[1]).size();
        }
        assertThat(frames).isGreaterThan(20);
        long nowMillis = values.engine().now() / 1_000_000;
        int entries = 0;
        for (Node n : values.engine().world().nodes()) {
            Netfilter v = values.netfilter().of(n.name());
            Netfilter q = quiet.netfilter().of(n.name());
            assertThat(q == null).as(n.name()).isEqualTo(v == null);
            if (v != null) {
                assertThat(ConntrackListing.render(q.conntrack().connections(nowMillis), nowMillis)).as(n.name())
                        .isEqualTo(ConntrackListing.render(v.conntrack().connections(nowMillis), nowMillis));
                entries += v.conntrack().size();
            }
        }
        assertThat(entries).as("conntrack entries compared").isPositive();
    }
}
