package io.bridgelab.sim.load.yaml;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.trace.Trace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Scenario files are shared between people (a teacher's exercise, a bug report), so {@link ScenarioFileLoader}
 * reads untrusted text: any bytes either load or give a {@link ScenarioFileException} with its place, and a
 * scenario that loads must trace. Plain {@code mvn verify} replays the seed corpus in
 * {@code src/test/resources/.../ScenarioFileFuzzTestInputs} (the shipped examples and broken variants);
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ScenarioFileFuzzTest} fuzzes for real.
 */
class ScenarioFileFuzzTest {
    private static Path dir;

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] data) throws IOException {
        // Through a real file: load() decodes the bytes (UTF-8 or not) and resolves iptables_file beside it.
        Path file = folder().resolve("fuzz.yaml");
        Files.write(file, data);
        loadCleanly(file, data.length);
    }

    /** A file that names a device, a folder or a missing file as its rules is refused, not read forever. */
    @Test
    void iptablesFileThatIsNotARegularFileIsRefused() throws IOException {
        for (String target : new String[]{"/dev/zero", "/dev/stdin", ".", "missing.rules"}) {
            Path file = folder().resolve("dev.yaml");
            Files.writeString(file, "namespaces:\n  - name: a\n    iptables_file: " + target + "\n");
            ScenarioFileException e = catchThrowableOfType(
                    ScenarioFileException.class, () -> ScenarioFileLoader.load(file));
            assertThat(e).as(target).isNotNull();
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.getMessage()).contains("cannot read").containsAnyOf("not a regular file", "no such file");
        }
        Path binary = folder().resolve("binary.yaml");
        Files.write(binary, HexFormat.of().parseHex("6e616d653a20ff0a"));
        assertThat(catchThrowableOfType(ScenarioFileException.class,
                () -> ScenarioFileLoader.load(binary))).hasMessageContaining("not UTF-8 text (byte offset 6)");
    }

    static void loadCleanly(Path file, int length) {
        Scenario scenario;
        try {
            scenario = ScenarioFileLoader.load(file);
        } catch (ScenarioFileException e) {
            assertThat(e.file()).isNotNull();
            assertThat(e.line()).as(e.getMessage()).isBetween(0, length + 1);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (scenario.flow() == null) {
            return;
        }
        Simulation sim = new Simulation(scenario.world(), new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                scenario.flow(), Math.min(scenario.packets(), 8));
        Trace trace;
        try {
            trace = sim.run(scenario.name());
        } catch (IllegalArgumentException e) {
            // Simulation's own user errors (no route to the destination, no address to send from).
            assertThat(e.getStackTrace()[0].getClassName()).as(e.toString()).isEqualTo(Simulation.class.getName());
            return;
        }
        assertThat(trace.packets()).isNotEmpty();
    }

    private static synchronized Path folder() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("scenario-fuzz-");
        }
        return dir;
    }

    @AfterAll
    static void deleteFolder() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
            dir = null;
        }
    }
}
