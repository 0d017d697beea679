package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.testing.LiveScenario;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;


/**
 * fixtures/scenarios/policy-routing built in throwaway namespaces and recorded with lib/snapshot.sh: the host's rules
 * and tables read back from the snapshot must print, with {@code netsim exec}, what iproute2 and net-tools print on the
 * real host (rules, numbered tables, throw routes, a route's table named only when listing them all).
 */
class KernelPolicyRoutingExecTest {
    @Test
    void rulesAndTablesReadFromASnapshotPrintAsTheKernels(@TempDir Path dir) throws Exception {
        Kernel.require("ip", "iptables-restore", "bridge", "route", "ethtool", "conntrack");
        try (LiveScenario live = LiveScenario.build("policy-routing", "fxrule")) {
            EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
            Engine engine = new Engine(SnapshotLoader.load(live.snapshot(dir)), netfilter, 1);
            SoftAssertions soft = new SoftAssertions();
            for (String c : List.of("ip rule", "ip rule show", "ip route show table all", "ip route show table 100",
                    "ip route show table 300", "ip route show table main", "ip route", "route -n",
                    "ip route show table 7")) {
                Command.Result kernel = live.exec("host", c);
                ExecResult sim = Exec.run(engine, netfilter, "host", Arrays.asList(c.split(" ")));
                soft.assertThat(sim.stdout()).as(c + " (stdout)").isEqualTo(kernel.stdout());
                soft.assertThat(sim.stderr()).as(c + " (stderr)").isEqualTo(kernel.stderr());
                soft.assertThat(sim.exitCode()).as(c + " (exit status)").isEqualTo(kernel.exitCode());
            }
            soft.assertAll();
        }
    }
}
