package io.bridgelab.sim.kernel;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof against the kernel (issue 4): for every scenario of fixtures/scenarios, the simulated host,
 * built from the run's snapshot-before and fed with what the edges sent, shows every frame the kernel
 * showed, byte for byte and in order, on every interface of every namespace (timestamps aside), and
 * ends with the kernel's iptables counters. Checked against the committed run and against a fresh run
 * made now (the kernel is the oracle on every CI run).
 */
class KernelScenarioComparisonTest {
    private static final Path SCENARIOS = Path.of("../fixtures/scenarios");

    static List<String> scenarios() {
        return List.of("port-mapping", "container-to-container", "container-to-outside", "hairpin", "localhost",
                "icc-false", "two-bridges", "udp-port-range", "icmp-through-nat", "hairpin-known-neighbour");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theCommittedRunMatches(String scenario, @TempDir Path exported) throws Exception {
        compare(SCENARIOS.resolve(scenario).resolve("captured"), exported);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aFreshKernelRunMatches(String scenario, @TempDir Path out, @TempDir Path exported) throws Exception {
        Kernel.require("ip", "iptables-restore", "tcpdump", "busybox", "ethtool", "python3");
        Path script = Path.of("../fixtures/run-scenario.sh").toAbsolutePath().normalize();
        Command.Result r = Command.run(List.of("bash", script.toString(), scenario, out.toString()), null,
                Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("run-scenario.sh " + scenario + ": " + r.stderr()).isZero();
        compare(out, exported);
    }

    private static void compare(Path run, Path exported) throws Exception {
        ScenarioReplay replay = ScenarioReplay.of(run);
        List<ScenarioReplay.InterfaceResult> results = replay.compareCaptures(exported);
        String differing = results.stream().filter(r -> !r.matches()).map(Object::toString)
                .collect(Collectors.joining("\n"));
        assertThat(differing).as("interfaces whose simulated capture differs from the kernel's").isEmpty();
        assertThat(replay.simulatedCounters()).as("host's iptables-save -c after the traffic")
                .isEqualTo(replay.kernelCounters());
    }
}
