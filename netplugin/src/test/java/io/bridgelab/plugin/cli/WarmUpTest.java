package io.bridgelab.plugin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void everyCallOfAnEndpointsLifeSucceedsAndTheThrowawayStoreIsGone() throws IOException {
        List<Path> before = warmUpDirs();
        // Each call goes through its route and the driver; a refused one throws (DriverException or the
        // warm-up's own IllegalStateException), which fails this test.
        assertThat(WarmUp.endpointLives(new SaveTextRulesRenderer(), 300)).isEqualTo(2 + 7 * 300);
        assertThat(warmUpDirs()).isEqualTo(before);
    }

    /**
     * A test's plugin process may force endpoint groups (CrashRestartIT: -Dnetplugin.groupGather=3, where the
     * first CreateEndpoint waits up to 10 s for two more); the warm-up's calls must not wait for that. Not a
     * speed check: the bound is far above the few ms three lives take and far below the 30 s of the wait.
     */
    @Test
    void aForcedGroupSizeOfTheProcessDoesNotHoldTheWarmUp() {
        String before = System.setProperty("netplugin.groupGather", "3");
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThat(WarmUp.endpointLives(new SaveTextRulesRenderer(), 3)).isEqualTo(2 + 7 * 3));
        } finally {
            if (before == null) {
                System.clearProperty("netplugin.groupGather");
            } else {
                System.setProperty("netplugin.groupGather", before);
            }
        }
    }

    private static List<Path> warmUpDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("netplugin-warmup")).sorted().toList();
        }
    }
}
