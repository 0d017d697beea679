package io.bridgelab.plugin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static List<Path> warmUpDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("netplugin-warmup")).sorted().toList();
        }
    }
}
