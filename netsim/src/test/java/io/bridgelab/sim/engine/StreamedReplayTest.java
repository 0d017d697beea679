package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.sim.load.FixtureArticleHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streamed replay (captures pulled from the files as the clock reaches them, captures written while the
 * run goes) gives the same files as keeping everything in memory, and the queue orders fed items as if
 * they had all been scheduled when the feed was attached.
 */
class StreamedReplayTest {
    private static final Path CAPTURES = Path.of("../fixtures/scenarios/port-mapping/captured/captures");

    private static List<EdgeReplay.Edge> edges(Path captures) {
        return List.of(new EdgeReplay.Edge("ext", "eth0", captures.resolve("ext/eth0.pcap")),
                new EdgeReplay.Edge("test1", "eth0", captures.resolve("test1/eth0.pcap")),
                new EdgeReplay.Edge("test2", "eth0", captures.resolve("test2/eth0.pcap")));
    }

    private static Engine replay(List<EdgeReplay.Edge> edges, Path streamTo) throws Exception {
        return replay(edges, streamTo, null);
    }

    /** {@code only} null: every interface is captured. */
    private static Engine replay(List<EdgeReplay.Edge> edges, Path streamTo, Set<String> only) throws Exception {
        Engine engine = new Engine(FixtureArticleHost.build(), new EvaluatedNetfilter(Netfilter.Mode.FAST),
                Integer.MAX_VALUE, false);
        if (only != null) {
            engine.captures().only(only);
        }
        if (streamTo != null) {
            engine.captures().streamTo(streamTo, 1_000_000_000L);
        }
        EdgeReplay.schedule(engine, edges);
        engine.run();
        return engine;
    }

    @Test
    void onlyKeepsTheChosenInterfacesFramesAndNoOthers() throws Exception {
        Engine all = replay(edges(CAPTURES), null);
        Engine some = replay(edges(CAPTURES), null, Set.of("host:docker0", "test1:eth0"));

        assertThat(some.captures().interfaces()).containsExactlyInAnyOrder("host:docker0", "test1:eth0");
        assertThat(some.captures().on("host", "docker0")).isNotEmpty()
                .isEqualTo(all.captures().on("host", "docker0"));
        assertThat(some.captures().on("test1", "eth0")).isEqualTo(all.captures().on("test1", "eth0"));
        assertThat(all.captures().on("host", "eth0")).isNotEmpty();
        assertThat(some.captures().on("host", "eth0")).isEmpty();
        assertThatThrownBy(() -> some.captures().only(Set.of())).isInstanceOf(IllegalStateException.class);

        Engine none = replay(edges(CAPTURES), null, Set.of());
        assertThat(none.captures().interfaces()).isEmpty();
    }

    @Test
    void streamedCapturesAreTheFilesAnExportOfKeptCapturesWrites(@TempDir Path dir) throws Exception {
        Engine kept = replay(edges(CAPTURES), null);
        int keptFiles = PcapExport.write(kept.captures(), dir.resolve("kept"), 1_000_000_000L);
        Engine streamed = replay(edges(CAPTURES), dir.resolve("streamed"));
        int streamedFiles = PcapExport.write(streamed.captures(), dir.resolve("streamed"), 1_000_000_000L);

        assertThat(streamedFiles).isEqualTo(keptFiles).isGreaterThan(4);
        assertThat(streamed.captures().interfaces()).isEqualTo(kept.captures().interfaces());
        for (String key : kept.captures().interfaces()) {
            String file = key.replace(':', '/') + ".pcap";
            assertThat(Files.readAllBytes(dir.resolve("streamed").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("kept").resolve(file)));
        }
        assertThatThrownBy(() -> streamed.captures().on("host", "eth0")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPcapngOfTwoInterfacesIsRefusedNamingThem(@TempDir Path dir) throws Exception {
        // ext's frames written as if dumpcap had captured eth0 and lo at once: the second interface's record is where
        // the replay refuses it, before anything runs.
        Path two = dir.resolve("two.pcapng");
        try (CaptureReader r = CaptureReader.open(CAPTURES.resolve("ext/eth0.pcap"));
             io.bridgelab.pcap.io.PcapNgWriter w = new io.bridgelab.pcap.io.PcapNgWriter(Files.newOutputStream(two))) {
            int eth0 = w.addInterface(1, 65535, "eth0");
            int lo = w.addInterface(1, 65535, "lo");
            for (int i = 0; r.next(); i++) {
                w.write(r.timestampNanos(), i == 2 ? lo : eth0, r.capturedLength(), r.buffer(), r.dataOffset(),
                        r.capturedLength());
            }
        }
        Engine engine = new Engine(FixtureArticleHost.build(), new EvaluatedNetfilter(Netfilter.Mode.FAST),
                Integer.MAX_VALUE, false);
        assertThatThrownBy(() -> EdgeReplay.schedule(engine, List.of(new EdgeReplay.Edge("ext", "eth0", two))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(two + ": frames of more than one interface (#0 (eth0) and #1 (lo), the record"
                        + " at byte ")
                .hasMessageEndingWith("split it (tshark -r FILE -Y 'frame.interface_id == N' -w ONE.pcapng)");
        assertThat(engine.now()).isZero();
    }

    @Test
    void aCaptureWhoseTimestampsGoBackReplaysAsIfSorted(@TempDir Path dir) throws Exception {
        // ext's capture with its records reversed: the replay must sort it, as it sorts across files.
        Path reversed = dir.resolve("captures");
        for (String n : List.of("ext", "test1", "test2")) {
            Files.createDirectories(reversed.resolve(n));
            Files.copy(CAPTURES.resolve(n + "/eth0.pcap"), reversed.resolve(n + "/eth0.pcap"));
        }
        List<long[]> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(CAPTURES.resolve("ext/eth0.pcap"))) {
            while (r.next()) {
                times.add(new long[] {r.timestampNanos()});
                frames.add(java.util.Arrays.copyOfRange(r.buffer(), r.dataOffset(), r.dataOffset() + r.capturedLength()));
            }
        }
        try (OutputStream out = Files.newOutputStream(reversed.resolve("ext/eth0.pcap"));
             PcapWriter w = new PcapWriter(out, 1)) {
            for (int i = frames.size() - 1; i >= 0; i--) {
                w.write(times.get(i)[0], 0, frames.get(i).length, frames.get(i), 0, frames.get(i).length);
            }
        }
        Engine sorted = replay(edges(reversed), null);
        Engine original = replay(edges(CAPTURES), null);
        assertThat(sorted.captures().interfaces()).isEqualTo(original.captures().interfaces());
        for (String key : original.captures().interfaces()) {
            String[] k = key.split(":");
            assertThat(sorted.captures().on(k[0], k[1])).as(key).isEqualTo(original.captures().on(k[0], k[1]));
        }
    }

    @Test
    void fedItemsRunAfterEarlierEventsAndBeforeLaterOnesAtTheSameTime() {
        EventQueue q = new EventQueue();
        List<String> ran = new ArrayList<>();
        q.at(10, () -> ran.add("before"));
        long[] times = {10, 10, 20};
        int[] next = {0};
        q.feed(new EventQueue.Feed() {
            @Override
            public long nextTime() {
                return next[0] < times.length ? times[next[0]] : Long.MAX_VALUE;
            }

            @Override
            public void runNext() {
                int i = next[0]++;
                ran.add("fed" + i + "@" + q.now());
                if (i == 0) {
                    q.after(0, () -> ran.add("caused@" + q.now()));
                }
            }
        });
        q.at(20, () -> ran.add("after@20"));
        assertThat(q.run(100)).isEqualTo(6);
        assertThat(ran).containsExactly("before", "fed0@10", "fed1@10", "caused@10", "fed2@20", "after@20");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void theEventBoundCountsEventsBetweenFedItemsNotTheWholeReplay() {
        EventQueue q = new EventQueue();
        int[] fed = {0};
        q.feed(new EventQueue.Feed() {
            @Override
            public long nextTime() {
                return fed[0] < 5 ? fed[0] * 100L : Long.MAX_VALUE;
            }

            @Override
            public void runNext() {
                fed[0]++;
                for (int i = 0; i < 3; i++) {
                    q.after(1, () -> { });
                }
            }
        });
        assertThat(q.run(4)).as("5 fed items, 3 events after each").isEqualTo(20);
        q.at(q.now(), new Runnable() {
            @Override
            public void run() {
                q.after(1, this);
            }
        });
        assertThat(q.run(50)).as("a loop stops at the bound").isEqualTo(50);
    }
}
