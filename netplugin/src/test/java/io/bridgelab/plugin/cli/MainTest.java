package io.bridgelab.plugin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void aNamespaceThatDoesNotExistIsOneLineAndTouchesNothing() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        Path state = dir.resolve("state");
        int status = cl.execute("serve", "--state", state.toString(), "--socket", dir.resolve("s.sock").toString(),
                "--netns", "np-no-such-ns-4711", "--realtime-priority", "0");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("netplugin: --netns np-no-such-ns-4711: no such network namespace "
                + "(see ip netns list)" + System.lineSeparator());
        assertThat(Files.exists(state)).isFalse();
        assertThat(Files.exists(dir.resolve("s.sock"))).isFalse();
    }

    @Test
    void aRealTimePriorityOutsideTheKernelsRangeIsRefusedWithWhatIsAllowed() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute("serve", "--state", dir.toString(), "--realtime-priority", "100");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("netplugin: --realtime-priority 100 must be 0 or 1..99"
                + System.lineSeparator());
        assertThat(Files.exists(dir.resolve("state.db"))).isFalse();
    }

    /** Runs the command line in-process; returns exit status and what it wrote to stderr. */
    private record Run(int status, String err, String out) {
        static Run of(String... args) {
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(out, true));
            int status = cl.execute(args);
            return new Run(status, err.toString(), out.toString());
        }
    }

    private static String line(String text) {
        return text + System.lineSeparator();
    }

    @Test
    void aBodyLimitBelowTheMinimumIsOneLineNamingTheRange() {
        Path state = dir.resolve("state");
        for (String value : List.of("100", "0", "-5", "1023")) {
            // --netns: should the check be lost, the next refusal still comes before the kernel is touched.
            Run r = Run.of("serve", "--state", state.toString(), "--socket", dir.resolve("s.sock").toString(),
                    "--realtime-priority", "0", "--netns", "np-no-such-ns-4711", "--max-body", value);
            assertThat(r.status()).as(value).isEqualTo(2);
            assertThat(r.err()).isEqualTo(line("netplugin: --max-body " + value + " must be 1024..2147483647 (bytes)"));
        }
        assertThat(Files.exists(state)).isFalse();
        assertThat(Run.of("serve", "--help").out()).contains("1024..2147483647");
    }

    @Test
    void aSocketPathLongerThanTheKernelsLimitIsRefusedBeforeAnyChange() {
        Path state = dir.resolve("state");
        String socket = "/tmp/" + "s".repeat(100) + ".sock";
        Run r = Run.of("serve", "--state", state.toString(), "--socket", socket, "--realtime-priority", "0",
                "--netns", "np-no-such-ns-4711");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(line("netplugin: --socket '" + socket + "' is 110 bytes long; a unix socket "
                + "path must be 1..107"));
        r = Run.of("serve", "--state", state.toString(), "--socket", "", "--realtime-priority", "0",
                "--netns", "np-no-such-ns-4711");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(line("netplugin: --socket '' is 0 bytes long; a unix socket path "
                + "must be 1..107"));
        assertThat(Files.exists(state)).isFalse();
    }

    @Test
    void aNamespaceNameIpRefusesIsAnOptionError() {
        for (String netns : List.of("..", ".", "", "a/b")) {
            Run r = Run.of("status", "--state", dir.toString(), "--netns", netns);
            assertThat(r.status()).as(netns).isEqualTo(2);
            assertThat(r.err()).isEqualTo(line("netplugin: --netns '" + netns + "' is not a namespace name "
                    + "(no '/', not empty, '.' or '..')"));
        }
    }

    @Test
    void unparsableCommandLinesAreOneLineWithWhereToLook() {
        Run r = Run.of("serve", "--max-body", "abc");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(line("netplugin: Invalid value for option '--max-body': 'abc' is not an int "
                + "(see netplugin serve --help)"));
        r = Run.of("--bogus");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(line("netplugin: Unknown option: '--bogus' (see netplugin --help)"));
        r = Run.of("status", "--state");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("netplugin: ").endsWith(line(" (see netplugin status --help)"))
                .hasLineCount(1);
    }

    @Test
    void statusWithABadNamespaceCreatesNoStore() {
        Path state = dir.resolve("st");
        Run r = Run.of("status", "--netns", "np-no-such-ns-4711", "--state", state.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(Files.exists(state)).isFalse();
    }

    @Test
    void statusWithNoStoreSaysSoWithItsOwnExitStatusAndCreatesNone() {
        Path state = dir.resolve("st");
        Run r = Run.of("status", "--state", state.toString());
        assertThat(r.status()).isEqualTo(StatusCommand.NO_STORE).isEqualTo(3);
        assertThat(r.err()).isEqualTo(line("netplugin: no state store at " + state.resolve("state.db")
                + ": the plugin has not run with this --state"));
        assertThat(Files.exists(state)).isFalse();
        assertThat(Run.of("status", "--state", dir.toString()).status()).isEqualTo(3);
        assertThat(dir.toFile().list()).isEmpty();
    }

    /** Each a store status cannot read, none "store and kernel differ" (1): the reason is in the line. */
    @Test
    void statusOnAnUnreadableStoreSaysWhyWithAnExitStatusOfItsOwn() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("state.db"), "garbage\n");
        Path directory = Files.createDirectories(dir.resolve("dir").resolve("state.db")).getParent();
        Map<Path, String> reasons = Map.of(
                file, ": " + file + " is not a directory",
                garbage, "not a database",
                directory, ": it is a directory, not a SQLite file");
        for (Map.Entry<Path, String> c : reasons.entrySet()) {
            Run r = Run.of("status", "--state", c.getKey().toString());
            assertThat(r.status()).as(c.getKey().toString()).isEqualTo(StatusCommand.STORE_UNREADABLE).isEqualTo(4);
            assertThat(r.err()).contains(c.getKey().resolve("state.db").toString()).contains(c.getValue())
                    .startsWith("netplugin: ").hasLineCount(1);
        }
        assertThat(Files.readString(garbage.resolve("state.db"))).isEqualTo("garbage\n");
        assertThat(garbage.toFile().list()).containsExactly("state.db");
    }

    @Test
    void statusHelpListsTheExitStatuses() {
        assertThat(Run.of("status", "--help").out()).contains("Exit status:", "0   store and kernel in sync",
                "1   store and kernel differ", "3   no state store", "4   the state store cannot be read",
                "5   the kernel's state cannot be read");
    }
}
