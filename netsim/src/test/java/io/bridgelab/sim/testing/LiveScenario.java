package io.bridgelab.sim.testing;

import io.bridgelab.netfilter.linux.Command;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fixtures scenario built for real in throwaway namespaces ({@code PREFIX-ROLE}, a random prefix) by its own
 * build.sh, for a test that compares the simulation with it; {@link #close()} runs the scenario's teardown.sh (which
 * for docker-host also stops its dockerd), also when the test failed. Needs root: the caller checks the tools first.
 */
public final class LiveScenario implements AutoCloseable {
    private static final Path FIXTURES = Path.of("../fixtures/scenarios").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    private final String scenario;
    private final String prefix;

    private LiveScenario(String scenario, String prefix) {
        this.scenario = scenario;
        this.prefix = prefix;
    }

    /** Builds {@code scenario} with a prefix starting {@code stem} (letters, so concurrent runs do not collide). */
    public static LiveScenario build(String scenario, String stem) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        LiveScenario s = new LiveScenario(scenario, stem + java.util.HexFormat.of().formatHex(random));
        try {
            Path build = FIXTURES.resolve(scenario).resolve("build.sh");
            Command.Result built = Command.run(List.of("bash", build.toString(), s.prefix), null, TIMEOUT);
            assertThat(built.exitCode()).as(scenario + "/build.sh: " + built.stderr()).isZero();
            return s;
        } catch (RuntimeException | AssertionError e) {
            s.close();
            throw e;
        }
    }

    /** The namespaces' prefix: role R lives in {@code PREFIX-R}. */
    public String prefix() {
        return prefix;
    }

    /** Records every namespace with fixtures' lib/snapshot.sh into {@code dir}; returns it. */
    public Path snapshot(Path dir) {
        Command.Result snap = Command.run(List.of("bash", FIXTURES.resolve("lib/snapshot.sh").toString(), prefix,
                dir.toString()), null, TIMEOUT);
        assertThat(snap.exitCode()).as("snapshot.sh: " + snap.stderr()).isZero();
        return dir;
    }

    /** Runs {@code command} (words separated by spaces) in {@code role}'s namespace. */
    public Command.Result exec(String role, String command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-" + role));
        argv.addAll(List.of(command.split(" ")));
        return Command.run(argv, null, TIMEOUT);
    }

    @Override
    public void close() {
        Command.Result r = Command.run(List.of("bash", FIXTURES.resolve(scenario).resolve("teardown.sh").toString(),
                prefix), null, TIMEOUT);
        assertThat(r.exitCode()).as(scenario + "/teardown.sh: " + r.stderr()).isZero();
    }
}
