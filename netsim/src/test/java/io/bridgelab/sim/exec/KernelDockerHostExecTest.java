package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.sim.engine.CapturedFrame;
import io.bridgelab.sim.engine.Direction;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.snapshot.SnapshotLoader;
import io.bridgelab.sim.testing.LiveScenario;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Docker host read back from its snapshot: fixtures/scenarios/docker-host/build.sh lets dockerd 20.10 build
 * the host (docker0, two containers, their veths with random names and MACs, its own rules), lib/snapshot.sh records
 * it, and {@code netsim exec} on the loaded snapshot must print what the real tools print there, byte for byte, in
 * the host and in a container: what a user who snapshots a Docker host sees first. Normalised, as in
 * {@link KernelExecComparisonTest}, only the namespaces' random prefix in {@code link-netns} and iptables-save's date.
 * Not compared: {@code conntrack -L} (a snapshot's conntrack.txt is for readers; the world starts without entries).
 * Then which ports answer, on the real host and in a trace of the snapshot ({@link #answersAsTheKernel}).
 */
class KernelDockerHostExecTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void aRealDockerHostReadFromItsSnapshotPrintsAsTheKernels(@TempDir Path dir) throws Exception {
        Kernel.require("ip", "iptables-save", "bridge", "brctl", "route", "ethtool", "python3", "dockerd",
                "containerd", "runc", "busybox");
        try (LiveScenario live = LiveScenario.build("docker-host", "fxdock")) {
            String prefix = live.prefix();
            EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
            Engine engine = new Engine(SnapshotLoader.load(live.snapshot(dir)), netfilter, 1);
            String veth = live.exec("host", "ip -o link show master docker0").orThrow().stdout().split(": ")[1]
                    .split("@")[0];
            List<String[]> commands = new ArrayList<>();
            for (String c : List.of("ip a", "ip link", "ip a show dev docker0", "ip link show " + veth, "ip route",
                    "ip route show table all", "route -n", "ip rule", "ip neigh", "brctl show",
                    "iptables-save", "iptables-save -c", "iptables -nvL", "iptables -t nat -nvL", "iptables -S",
                    "iptables -t nat -S", "iptables -nvL DOCKER-ISOLATION-STAGE-1", "ss -tln", "ss -tuln",
                    "cat /sys/class/net/" + veth + "/ifindex /sys/class/net/" + veth + "/iflink"
                            + " /sys/class/net/docker0/address")) {
                commands.add(new String[] {"host", c});
            }
            for (String role : List.of("test1", "test2")) {
                for (String c : List.of("ip a", "ip route", "route -n", "ip rule", "ss -tln", "ss -tl",
                        "cat /sys/class/net/eth0/ifindex /sys/class/net/eth0/iflink /sys/class/net/eth0/address")) {
                    commands.add(new String[] {role, c});
                }
            }
            SoftAssertions soft = new SoftAssertions();
            for (String[] rc : commands) {
                Command.Result kernel = live.exec(rc[0], rc[1]);
                ExecResult sim = Exec.run(engine, netfilter, rc[0], Arrays.asList(rc[1].split(" ")));
                String where = rc[0] + "# " + rc[1];
                soft.assertThat(normalise(sim.stdout(), prefix)).as(where + " (stdout)")
                        .isEqualTo(normalise(kernel.stdout(), prefix));
                soft.assertThat(normalise(sim.stderr(), prefix)).as(where + " (stderr)")
                        .isEqualTo(normalise(kernel.stderr(), prefix));
                soft.assertThat(sim.exitCode()).as(where + " (exit status)").isEqualTo(kernel.exitCode());
            }
            soft.assertAll();
            answersAsTheKernel(dir, live);
        }
    }

    /**
     * Which ports answer: the snapshot's sockets.txt (ss -l) gives the world its listening sockets, so a SYN to one
     * gets a SYN-ACK and to any other port an RST, on the real host (bash's /dev/tcp connect: connected or
     * "Connection refused") and in a trace of the loaded snapshot alike: the published port through DNAT to test2's
     * httpd, the host's closed 8089, test2's 80 and closed 81 from test1, and docker-proxy on the host's 8088 for
     * test1 (Docker does not DNAT from docker0). Run after the commands above: the connects change the host's state.
     */
    private static void answersAsTheKernel(Path snapshot, LiveScenario live) throws Exception {
        String test2 = live.exec("test2", "ip -4 -o addr show dev eth0").orThrow().stdout().split("inet ")[1]
                .split("/")[0];
        List<String[]> cases = List.of(new String[] {"ext", "192.168.1.10", "8088"},
                new String[] {"ext", "192.168.1.10", "8089"}, new String[] {"test1", test2, "80"},
                new String[] {"test1", test2, "81"}, new String[] {"test1", "172.17.0.1", "8088"});
        SoftAssertions soft = new SoftAssertions();
        for (String[] c : cases) {
            // bash's /dev/tcp: one connect, no program of our own in the namespace.
            Command.Result real = Command.run(List.of("ip", "netns", "exec", live.prefix() + "-" + c[0], "timeout",
                    "3", "bash", "-c", "exec 3<>/dev/tcp/" + c[1] + "/" + c[2]), null, TIMEOUT);
            String kernel = real.exitCode() == 0 ? "connected"
                    : real.stderr().contains("Connection refused") ? "refused" : "no answer (" + real.exitCode() + ")";
            Simulation sim = new Simulation(SnapshotLoader.load(snapshot),
                    new EvaluatedNetfilter(Netfilter.Mode.REFERENCE),
                    new Flow(c[0], null, Ipv4Address.parse(c[1]), Integer.parseInt(c[2]), IpProtocol.TCP), 2);
            sim.run("docker-host"); // two packets: the SYN and what answers it
            String simulated = "no answer";
            for (CapturedFrame f : sim.engine().captures().on(c[0], "eth0")) {
                if (f.direction() == Direction.IN && f.frame().ipv4() != null
                        && f.frame().ipv4().transport() instanceof TcpSegment t) {
                    if (t.flags() == (TcpFlags.SYN | TcpFlags.ACK)) {
                        simulated = "connected";
                        break;
                    }
                    if (t.has(TcpFlags.RST)) {
                        simulated = "refused";
                        break;
                    }
                }
            }
            soft.assertThat(simulated).as(c[0] + " -> " + c[1] + ":" + c[2]).isEqualTo(kernel);
        }
        soft.assertAll();
    }

    /** The real side's random namespace prefix, and iptables-save's dates (both sides print the wall clock). */
    private static String normalise(String text, String prefix) {
        return text.replaceAll("link-netns " + prefix + "-", "link-netns ")
                .replaceAll("(# (Generated by iptables-save v1\\.8\\.9 \\(nf_tables\\)|Completed)) on .*",
                        "$1 on DATE");
    }
}
