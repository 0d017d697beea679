package io.bridgelab.plugin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
