package io.bridgelab.sim.cli;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim trace}'s text on a real terminal versus a pipe: the CLI runs in its own JVM, once under
 * {@code script} (a pseudo-terminal, so {@code System.console()} is there) and once with its output
 * piped. On the terminal it is coloured and wrapped at $COLUMNS; piped it is plain, one step per line.
 */
class TraceTerminalTest {
    private static final int COLUMNS = 72;

    private static List<String> netsim(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.bridgelab.sim.cli.Main", "trace", "--scenario", "icc-disabled")) {
            {
                addAll(List.of(args));
            }
        };
    }

    @Test
    void onATerminalTheTextIsColouredAndFitsTheWidth() {
        Kernel.requireTools("script");
        String cmd = "COLUMNS=" + COLUMNS + " " + String.join(" ", netsim().stream().map(a -> "'" + a + "'").toList());
        Command.Result r = Command.run(List.of("env", "-u", "NO_COLOR", "script", "-qec", cmd, "/dev/null"), null,
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String out = r.stdout().replace("\r", "");
        assertThat(out).contains("\u001b[1m\u001b[31m=> DROPPED");
        String visible = out.replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(visible.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(COLUMNS));
        assertThat(visible).contains("   hint: enable_icc=false");
    }

    @Test
    void pipedTheTextIsPlainAndOneStepPerLine() {
        Command.Result r = Command.run(netsim(), null, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).doesNotContain("\u001b[").contains("=> DROPPED: packet 1 dropped in host");
        assertThat(r.stdout().lines().anyMatch(l -> l.length() > 150)).as("no wrapping when piped").isTrue();
        Command.Result forced = Command.run(netsim("--color", "always", "--width", "90"), null, Duration.ofSeconds(60));
        assertThat(forced.stdout()).contains("\u001b[");
        assertThat(forced.stdout().replaceAll("\u001b\\[[0-9;]*m", "").lines())
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(90));
    }
}
