package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * {@code netsim exec} against the real tools for interfaces of kinds the simulator does not model as devices, and
 * for interfaces that are down or without carrier: fixtures/scenarios/other-links/build.sh builds them in throwaway
 * namespaces (a tun and a tap held open by a program, an ifb that is down, a tun nobody holds open, a veth whose far
 * end is down), lib/snapshot.sh records them, and the world loaded from that snapshot must print what the kernel's
 * tools print: flags, state, qdisc and queue length in {@code ip link}, the {@code local} routes a down interface
 * keeps and the {@code linkdown} routes of one without carrier in {@code ip route}, a tun's empty address.
 * Normalised as {@link KernelExecComparisonTest#normalise}.
 */
class KernelOtherLinksExecTest {
    private static final Path FIXTURES = Path.of("../fixtures/scenarios").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static String prefix;
    private static Engine engine;
    private static EvaluatedNetfilter netfilter;

    @BeforeAll
    static void build(@TempDir Path snapshot) throws Exception {
        Kernel.require("ip", "iptables-restore", "ethtool", "busybox", "python3", "route");
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        prefix = "fxlinks" + HexFormat.of().formatHex(random);
        Command.Result built = Command.run(List.of("bash", FIXTURES.resolve("other-links/build.sh").toString(),
                prefix), null, TIMEOUT);
        assertThat(built.exitCode()).as("build.sh: " + built.stderr()).isZero();
        Command.Result recorded = Command.run(List.of("bash", FIXTURES.resolve("lib/snapshot.sh").toString(), prefix,
                snapshot.toString()), null, TIMEOUT);
        assertThat(recorded.exitCode()).as("snapshot.sh: " + recorded.stderr()).isZero();
        netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        engine = new Engine(SnapshotLoader.load(snapshot), netfilter, 1);
    }

    @AfterAll
    static void teardown() {
        if (prefix != null) {
            Command.Result r = Command.run(List.of("bash", FIXTURES.resolve("lib/teardown.sh").toString(), prefix),
                    null, TIMEOUT);
            assertThat(r.exitCode()).as("teardown.sh: " + r.stderr()).isZero();
        }
    }

    @Test
    void devicesOfOtherKindsDownOrWithoutCarrierReadAsTheKernels() {
        SoftAssertions soft = new SoftAssertions();
        List<String[]> commands = new ArrayList<>();
        for (String c : List.of("ip link", "ip a", "ip route", "ip route show table all", "ip link show tun1",
                "ip a show dev ifb0", "ip route show table local", "route -n",
                "cat /sys/class/net/tun0/address /sys/class/net/tun0/mtu /sys/class/net/tap0/address")) {
            commands.add(new String[] {"host", c});
        }
        for (String c : List.of("ip link", "ip a", "ip route show table all")) {
            commands.add(new String[] {"dn", c});
        }
        for (String[] rc : commands) {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-" + rc[0]));
            argv.addAll(Arrays.asList(rc[1].split(" ")));
            Command.Result kernel = Command.run(argv, null, TIMEOUT);
            ExecResult sim = Exec.run(engine, netfilter, rc[0], Arrays.asList(rc[1].split(" ")));
            String where = rc[0] + "# " + rc[1];
            soft.assertThat(KernelExecComparisonTest.normalise(sim.stdout(), prefix)).as(where + " (stdout)")
                    .isEqualTo(KernelExecComparisonTest.normalise(kernel.stdout(), prefix));
            soft.assertThat(sim.exitCode()).as(where + " (exit status)").isEqualTo(kernel.exitCode());
        }
        soft.assertAll();
    }
}
