package io.bridgelab.sim.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim trace} output of built-in scenarios against reviewed golden files
 * (src/test/resources/golden). Regenerate with {@code -Dnetsim.golden.update=true}, then review the diff:
 * a golden states what the kernel does, not whatever the code printed.
 */
class GoldenTraceTest {
    @ParameterizedTest
    @CsvSource({
            "port-mapping, text", "port-mapping, json",
            "container-to-outside, text", "hairpin, text", "docker-proxy, text",
            "udp-port-range, text", "icc-disabled, text", "isolated-networks, text",
            "container-to-container, text", "container-to-container, json",
            "ping-container, text", "ping-container, json",
            "udp-closed-port, text",
            "icc-disabled, json", "icc-disabled, html", "port-mapping, html"})
    void traceMatchesTheReviewedGolden(String scenario, String format) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"trace", "--scenario", scenario, "--format", format, "--color", "never"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        String name = "golden/" + scenario + "." + (format.equals("text") ? "txt" : format);
        if (Boolean.getBoolean("netsim.golden.update")) {
            Path file = Path.of("src/test/resources").resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
        }
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            assertThat(out.toString()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
