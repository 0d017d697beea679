package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fixtures/scenarios/policy-routing built in throwaway namespaces and recorded with lib/snapshot.sh: the host's rules
 * and tables read back from the snapshot must print, with {@code netsim exec}, what iproute2 and net-tools print on the
 * real host (rules, numbered tables, throw routes, a route's table named only when listing them all).
 */
class KernelPolicyRoutingExecTest {
    private static final Path FIXTURES = Path.of("../fixtures/scenarios").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void rulesAndTablesReadFromASnapshotPrintAsTheKernels(@TempDir Path dir) throws Exception {
        Kernel.require("ip", "iptables-restore", "bridge", "route", "ethtool", "conntrack");
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String prefix = "fxrule" + HexFormat.of().formatHex(random);
        try {
            Command.Result built = Command.run(List.of("bash", FIXTURES.resolve("policy-routing/build.sh").toString(),
                    prefix), null, TIMEOUT);
            assertThat(built.exitCode()).as("build.sh: " + built.stderr()).isZero();
            Command.Result snap = Command.run(List.of("bash", FIXTURES.resolve("lib/snapshot.sh").toString(), prefix,
                    dir.toString()), null, TIMEOUT);
            assertThat(snap.exitCode()).as("snapshot.sh: " + snap.stderr()).isZero();
            EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
            Engine engine = new Engine(SnapshotLoader.load(dir), netfilter, 1);
            SoftAssertions soft = new SoftAssertions();
            for (String c : List.of("ip rule", "ip rule show", "ip route show table all", "ip route show table 100",
                    "ip route show table 300", "ip route show table main", "ip route", "route -n",
                    "ip route show table 7")) {
                List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-host"));
                argv.addAll(Arrays.asList(c.split(" ")));
                Command.Result kernel = Command.run(argv, null, TIMEOUT);
                ExecResult sim = Exec.run(engine, netfilter, "host", Arrays.asList(c.split(" ")));
                soft.assertThat(sim.stdout()).as(c + " (stdout)").isEqualTo(kernel.stdout());
                soft.assertThat(sim.stderr()).as(c + " (stderr)").isEqualTo(kernel.stderr());
                soft.assertThat(sim.exitCode()).as(c + " (exit status)").isEqualTo(kernel.exitCode());
            }
            soft.assertAll();
        } finally {
            Command.Result r = Command.run(List.of("bash", FIXTURES.resolve("lib/teardown.sh").toString(), prefix),
                    null, TIMEOUT);
            assertThat(r.exitCode()).as("teardown.sh: " + r.stderr()).isZero();
        }
    }
}
