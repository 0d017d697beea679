package io.bridgelab.sim.load.snapshot;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.exec.Exec;
import io.bridgelab.sim.exec.ExecResult;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot folder is something people attach to bug reports, so {@link SnapshotLoader} reads untrusted
 * files. Starting from the committed policy-routing snapshot (port-mapping's host with ethtool-k.txt, policy routing
 * rules and numbered tables, nft-chains.json, sockets.txt; with legacy-backend's iptables-legacy-save-c.txt added), one
 * of the files the loader reads is replaced
 * (the fuzz input's first byte picks which, the rest is its content) and the folder loaded: the only
 * exception allowed is {@link SnapshotException} naming that file, and a world it accepts must run.
 * Plain {@code mvn verify} replays the seed corpus in {@code src/test/resources/.../SnapshotFuzzTestInputs};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SnapshotFuzzTest} fuzzes for real.
 */
class SnapshotFuzzTest {
    static final Path ORIGINAL = Path.of("../fixtures/scenarios/policy-routing/captured/snapshot").toAbsolutePath()
            .normalize();
    /** The files the loader reads; the others are for people. */
    static final List<String> READ = List.of("namespaces.json", "veth-peers.json", "host/link.json",
            "host/addr.json", "host/route.json", "host/neigh.json", "host/sysctl.txt", "host/iptables-save-c.txt",
            "test1/link.json", "test1/addr.json", "test1/route.json", "ext/neigh.json", "host/ethtool-k.txt",
            "host/rule.json", "host/nft-chains.json", "test1/sockets.txt", "host/iptables-legacy-save-c.txt");
    /** Files the original lacks, taken from another committed snapshot: legacy-backend's legacy rules. */
    private static final Map<String, Path> ADDED = Map.of("host/iptables-legacy-save-c.txt",
            Path.of("../fixtures/scenarios/legacy-backend/captured/snapshot/host/iptables-legacy-save-c.txt"));

    private static Path copy;

    @FuzzTest(maxDuration = "60s")
    void oneFileReplaced(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        String name = READ.get((data[0] & 0xff) % READ.size());
        Path dir = folder();
        Path file = dir.resolve(name);
        byte[] original = original(name);
        Files.write(file, Arrays.copyOfRange(data, 1, data.length));
        try {
            loadCleanly(dir);
        } finally {
            Files.write(file, original);
        }
    }

    /** Every prefix of every file the loader reads: the error names the file, or the world loads and runs. */
    @Test
    void everyTruncationOfEveryFileFailsCleanlyOrLoads() throws IOException {
        Path dir = folder();
        for (String name : READ) {
            Path file = dir.resolve(name);
            byte[] original = original(name);
            // Every prefix of the small files; about 300 spread over the large ones.
            int step = Math.max(1, original.length / 300);
            try {
                for (int n = 0; n < original.length; n += step) {
                    Files.write(file, Arrays.copyOf(original, n));
                    loadCleanly(dir);
                }
            } finally {
                Files.write(file, original);
            }
        }
        assertThat(SnapshotLoader.load(dir).nodes()).hasSize(4);
    }

    static void loadCleanly(Path dir) {
        World world;
        try {
            world = SnapshotLoader.load(dir);
        } catch (SnapshotException e) {
            // The changed file, or the one it made inconsistent (a route whose device link.json lost).
            assertThat(e.file()).as(e.getMessage()).isNotNull();
            assertThat(e.file().toAbsolutePath().startsWith(dir.toAbsolutePath())).as(e.getMessage()).isTrue();
            return;
        }
        // What the loader accepts, the simulation must be able to show: every namespace's state as the
        // article's commands print it.
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(world, netfilter, 4, false);
        engine.run();
        for (Node node : world.nodes()) {
            for (List<String> argv : COMMANDS) {
                ExecResult r = Exec.run(engine, netfilter, node.name(), argv);
                assertThat(r.exitCode()).as(node.name() + ": " + argv + "\n" + r.stderr()).isZero();
            }
        }
    }

    private static final List<List<String>> COMMANDS = List.of(List.of("ip", "a"), List.of("ip", "route"),
            List.of("ip", "neigh"), List.of("route", "-n"), List.of("bridge", "fdb"), List.of("iptables-save", "-c"),
            List.of("iptables", "-t", "nat", "-nvL"), List.of("conntrack", "-L"), List.of("ip", "rule"),
            List.of("ip", "route", "show", "table", "all"));

    private static byte[] original(String name) throws IOException {
        return Files.readAllBytes(ADDED.getOrDefault(name, ORIGINAL.resolve(name)));
    }

    private static synchronized Path folder() {
        if (copy == null) {
            try {
                copy = Files.createTempDirectory("snapshot-fuzz-");
                try (Stream<Path> s = Files.walk(ORIGINAL)) {
                    for (Path p : s.toList()) {
                        Path to = copy.resolve(ORIGINAL.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(p, to);
                        }
                    }
                }
                for (Map.Entry<String, Path> added : ADDED.entrySet()) {
                    Files.copy(added.getValue(), copy.resolve(added.getKey()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }

    @AfterAll
    static void deleteCopy() throws IOException {
        if (copy != null) {
            try (Stream<Path> s = Files.walk(copy)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            copy = null;
        }
    }
}
