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

    /**
     * Every kernel scenario, or with {@code -Dkernel.scenarios=A,B} (a developer's shortcut while working on one)
     * only those, which must be among them.
     */
    static List<String> scenarios() {
        List<String> all = allScenarios();
        String only = System.getProperty("kernel.scenarios", "");
        if (only.isBlank()) {
            return all;
        }
        List<String> chosen = List.of(only.split(","));
        assertThat(all).as("-Dkernel.scenarios").containsAll(chosen);
        return chosen;
    }

    private static List<String> allScenarios() {
        return List.of("port-mapping", "container-to-container", "container-to-outside", "hairpin", "localhost",
                "icc-false", "two-bridges", "udp-port-range", "icmp-through-nat", "hairpin-known-neighbour",
                "neighbour-probe", "checksum-offload", "bad-checksum", "bad-checksum-unchecked", "offload-defaults",
                "reject", "ttl-expiry", "no-route", "route-types", "interface-sysctls", "arp-ignore", "mtu",
                "fragments", "redirect", "mtu-mismatch", "route-mtu", "fragment-timeout", "policy-routing",
                "docker-host", "docker-host-no-proxy", "other-links", "rate-limit", "docker-host-ufw", "tcpmss",
                "legacy-backend");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theCommittedRunMatches(String scenario, @TempDir Path exported) throws Exception {
        compare(SCENARIOS.resolve(scenario).resolve("captured"), exported, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aFreshKernelRunMatches(String scenario, @TempDir Path out, @TempDir Path exported) throws Exception {
        Kernel.require("ip", "iptables-restore", "tcpdump", "busybox", "ethtool", "python3", "nft");
        if (scenario.startsWith("docker-host")) {
            // A real dockerd 20.10 (Debian docker.io) builds that host: fixtures/dockerd/start.sh.
            Kernel.require("dockerd", "containerd", "runc");
        }
        Path script = Path.of("../fixtures/run-scenario.sh").toAbsolutePath().normalize();
        for (int attempt = 1; ; attempt++) {
            Path run = out.resolve("attempt-" + attempt);
            Command.Result r = Command.run(List.of("bash", script.toString(), scenario, run.toString()), null,
                    Duration.ofSeconds(300));
            assertThat(r.exitCode()).as("run-scenario.sh " + scenario + ": " + r.stderr()).isZero();
            boolean last = attempt == ATTEMPTS;
            boolean stretched = !scenario.equals("neighbour-probe") && captureWindowSeconds(run) > SHORT_WINDOW_SECONDS;
            if (stretched && !last) {
                // The scenario's own precondition failed, not the simulator: a loaded machine stretched the
                // traffic past the neighbour DELAY timer, whose kernel firing time (jiffies, softirq latency) is
                // not reproducible. Run the scenario again (the comparison below stays as strict).
                System.err.println(scenario + ": capture window " + captureWindowSeconds(run) + " s > "
                        + SHORT_WINDOW_SECONDS + " s on attempt " + attempt + " (loaded machine), running it again");
                continue;
            }
            ScenarioReplay replay = replayOf(run, stretched);
            List<ScenarioReplay.InterfaceResult> results = replay.compareCaptures(exported.resolve("attempt-" + attempt));
            if (!last && onlyKernelTiming(results)) {
                // The kernel's run, not the simulation, left the usual order: a loaded machine delivered received
                // frames late, or handled frames an edge sent microseconds apart on two CPUs in the other order
                // (Exceptions.Order). Run the scenario again; the last attempt is compared as strictly as the others.
                System.err.println(scenario + ": attempt " + attempt + " differs only in the order of frames whose"
                        + " kernel timing a loaded machine varies, running it again:\n" + failing(results));
                continue;
            }
            assertMatches(replay, results);
            return;
        }
    }

    /** Some interface differs, and every difference is in the order of frames whose kernel timing varies. */
    private static boolean onlyKernelTiming(List<ScenarioReplay.InterfaceResult> results) {
        return results.stream().anyMatch(ScenarioReplay.InterfaceResult::kernelTimingOnly)
                && results.stream().allMatch(r -> r.matches() || r.kernelTimingOnly());
    }

    /** Runs of a short scenario whose traffic took longer than this are redone (see fixtures/scenarios/README.md). */
    private static final double SHORT_WINDOW_SECONDS = 4.5;
    private static final int ATTEMPTS = 3;

    private static double captureWindowSeconds(Path run) throws java.io.IOException {
        String text = java.nio.file.Files.readString(run.resolve("captures/window.txt")).strip();
        return Double.parseDouble(text.replaceAll("[^0-9.]", ""));
    }

    /** @param stretched a short scenario's run that took over 4.5 s: exception 3 of {@link Exceptions} applies */
    private static ScenarioReplay replayOf(Path run, boolean stretched) throws Exception {
        return stretched ? ScenarioReplay.of(run).withoutHostProbes() : ScenarioReplay.of(run);
    }

    private static void compare(Path run, Path exported, boolean stretched) throws Exception {
        ScenarioReplay replay = replayOf(run, stretched);
        assertMatches(replay, replay.compareCaptures(exported));
    }

    private static String failing(List<ScenarioReplay.InterfaceResult> results) {
        return results.stream().filter(r -> !r.matches()).map(Object::toString).collect(Collectors.joining("\n"));
    }

    private static void assertMatches(ScenarioReplay replay, List<ScenarioReplay.InterfaceResult> results)
            throws java.io.IOException {
        assertThat(failing(results)).as("interfaces whose simulated capture differs from the kernel's").isEmpty();
        assertThat(replay.simulatedCounters()).as("host's iptables-save -c after the traffic")
                .isEqualTo(replay.kernelCounters());
        assertThat(replay.simulatedConntrack()).as("host's conntrack -L after the traffic (timeouts aside)")
                .containsExactlyElementsOf(replay.kernelConntrack());
    }
}
