package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.load.FixtureArticleHost;
import io.bridgelab.sim.load.PortMapping;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.World;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim exec} against the real tools: fixtures/scenarios/port-mapping/build.sh builds the article's
 * host in throwaway namespaces ({@code PREFIX-host}, {@code -ext}, {@code -test1}, {@code -test2}), the same
 * topology as the built-in {@code fixture-port-mapping} world (names, MACs, ifindexes, rules). Each command
 * runs in the namespace ({@code ip netns exec}) and in the simulation; stdout, stderr and exit status must be
 * byte-identical after {@link #normalise}, which changes only these fields, each for its reason:
 * <ul>
 *   <li>{@code link-netns PREFIX-ext}: the test's namespaces carry a random prefix (concurrent runs), the
 *       simulated nodes are the bare roles;</li>
 *   <li>iptables-save's {@code " on DATE"}: the wall-clock time of the dump;</li>
 *   <li>conntrack's third column (seconds left on the entry's timer) and ICMP {@code id=}: wall time elapsed
 *       since the packet, and busybox ping's identifier is its pid (the simulated ping uses 1);</li>
 *   <li>ip neigh's NUD state: REACHABLE/STALE/DELAY/PROBE follow timers (an entry learned from a request is
 *       STALE, DELAY once used, ...) the simulation does not run; it says REACHABLE;</li>
 *   <li>brctl showmacs' ageing timer of learned entries: seconds since last seen, on two different clocks;</li>
 *   <li>the kernel side's stderr line {@code Error: Peer netns reference is invalid.}: to print link-netns
 *       names, ip asks for the nsid of every namespace in /var/run/netns, and one that another test deletes
 *       meanwhile makes it print this; it says nothing about the namespaces compared (stdout is complete).</li>
 * </ul>
 * Before comparing, the kernel's counters are zeroed and conntrack flushed once the namespaces are built:
 * the bridge's own IGMP report at link-up counts in OUTPUT and leaves a conntrack entry (see
 * fixtures/scenarios/lib/common.sh fx_finish); a simulated world starts from zero.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelExecComparisonTest {
    private static final Path FIXTURES = Path.of("../fixtures/scenarios").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static String prefix;

    @BeforeAll
    static void build() {
        Kernel.require("ip", "iptables-restore", "brctl", "bridge", "conntrack", "route", "ethtool", "busybox");
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        prefix = "fxexec" + HexFormat.of().formatHex(random);
        Command.Result r = Command.run(List.of("bash", FIXTURES.resolve("port-mapping/build.sh").toString(), prefix),
                null, TIMEOUT);
        assertThat(r.exitCode()).as("build.sh: " + r.stderr()).isZero();
        reset();
    }

    @AfterAll
    static void teardown() {
        if (prefix != null) {
            Command.Result r = Command.run(List.of("bash", FIXTURES.resolve("lib/teardown.sh").toString(), prefix),
                    null, TIMEOUT);
            assertThat(r.exitCode()).as("teardown.sh: " + r.stderr()).isZero();
        }
    }

    private static void reset() {
        flushNeighbours();
        real("host", "ip link set dev docker0 type bridge fdb_flush").orThrow();
        real("host", "iptables -Z").orThrow();
        real("host", "iptables -t nat -Z").orThrow();
        real("host", "conntrack -F").orThrow();
    }

    /**
     * Empties every namespace's neighbour cache, and again until all are empty at once: an entry the previous test
     * left in DELAY or PROBE sends its unicast ARP probe when its timer fires, and a probe that arrives after its
     * target's cache was flushed teaches that cache the prober (seen: test1 then pings test2 without asking, and
     * test2 asks for test1 to answer). Once no cache holds an entry, no timer is left to send one.
     */
    private static void flushNeighbours() {
        List<String> roles = List.of("host", "ext", "test1", "test2");
        for (int round = 0; round < 50; round++) {
            for (String role : roles) {
                real(role, "ip neigh flush all").orThrow();
            }
            if (roles.stream().allMatch(role -> real(role, "ip neigh show").orThrow().stdout().isBlank())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while flushing the neighbour caches", e);
            }
        }
        throw new IllegalStateException("the namespaces' neighbour caches did not stay empty after 50 flushes");
    }

    @Test
    @Order(1)
    void theInitialStateReadsAsTheKernelsWithEveryCommand() {
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        Engine engine = new Engine(FixtureArticleHost.build(), netfilter, 1);
        List<String[]> commands = new ArrayList<>();
        for (String c : List.of("ip a", "ip addr show", "ip link", "ip link show veth-test1", "ip a show dev docker0",
                "ip route", "ip route show table all", "ip route show table local", "route -n", "ip neigh", "ip rule",
                "brctl show", "brctl showmacs docker0", "bridge fdb", "bridge fdb show",
                "iptables -nvL", "iptables -t nat -nvL", "iptables -nL", "iptables -nvxL", "iptables -L -n -v",
                "iptables -t nat -nvL DOCKER", "iptables -nvL FORWARD", "iptables -S", "iptables -t nat -S",
                "iptables -S DOCKER-USER", "iptables-save", "iptables-save -c", "iptables-save -t nat",
                "conntrack -L", "iptables -nvL NOSUCHCHAIN", "ip a show nosuchdev", "brctl showmacs eth0",
                "brctl showmacs nosuch", "ip neigh show dev eth0", "ip route show table main", "ip r", "ip n",
                "cat /sys/class/net/eth0/ifindex /sys/class/net/eth0/iflink /sys/class/net/docker0/iflink",
                "cat /sys/class/net/veth-test1/ifindex /sys/class/net/veth-test1/iflink",
                "cat /sys/class/net/veth-test2/iflink /sys/class/net/lo/iflink",
                "cat /sys/class/net/docker0/address /sys/class/net/lo/mtu /sys/class/net/veth-test2/mtu",
                "cat /sys/class/net/nosuch/ifindex")) {
            commands.add(new String[] {"host", c});
        }
        for (String role : List.of("ext", "test1", "test2")) {
            for (String c : List.of("ip a", "ip link", "ip route show table all", "route -n", "ip neigh",
                    "cat /sys/class/net/eth0/ifindex /sys/class/net/eth0/iflink", "conntrack -L",
                    // iptables-save first: listing creates the filter table in a namespace that had none.
                    "iptables-save", "iptables -nvL")) {
                commands.add(new String[] {role, c});
            }
        }
        compare(engine, netfilter, commands);
    }

    /**
     * One ping from test1 to test2 across docker0 (ARP, echo, reply): bridged with br_netfilter, so the
     * host's FORWARD and nat counters, its conntrack, the bridge's FDB and both containers' ARP caches
     * change. busybox ping -s 8 sends the simulated ping's size (36-byte IP packets).
     */
    @Test
    @Order(2)
    void afterAPingAcrossTheBridgeCountersFdbNeighboursAndConntrackReadAsTheKernels() {
        reset();
        real("test1", "busybox ping -c 1 -s 8 -W 2 172.17.0.4").orThrow();
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        Simulation simulation = new Simulation(FixtureArticleHost.build(), netfilter,
                new Flow("test1", null, Ipv4Address.parse("172.17.0.4"), 0, IpProtocol.ICMP), 2);
        simulation.run("fixture-port-mapping");
        List<String[]> commands = new ArrayList<>();
        for (String c : List.of("iptables -nvL", "iptables -t nat -nvL", "iptables -nvxL", "iptables-save -c",
                "conntrack -L", "bridge fdb", "brctl showmacs docker0", "ip neigh")) {
            commands.add(new String[] {"host", c});
        }
        commands.add(new String[] {"test1", "ip neigh"});
        commands.add(new String[] {"test2", "ip neigh"});
        compare(simulation.engine(), netfilter, commands);
    }

    /**
     * One ping from the outside (ext) to the host's own address: ARP on the host's eth0, the echo through
     * nat PREROUTING (DOCKER, no match) and INPUT, the reply through OUTPUT and POSTROUTING. The earlier
     * ping's FDB and container ARP entries are still in the kernel, so only the host's tables and ext's
     * ARP cache are compared.
     */
    @Test
    @Order(3)
    void afterAPingFromOutsideToTheHostItsInputCountersArpAndConntrackReadAsTheKernels() {
        reset();
        real("ext", "busybox ping -c 1 -s 8 -W 2 192.168.1.10").orThrow();
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        Simulation simulation = new Simulation(FixtureArticleHost.build(), netfilter,
                new Flow("ext", null, Ipv4Address.parse("192.168.1.10"), 0, IpProtocol.ICMP), 2);
        simulation.run("fixture-port-mapping");
        List<String[]> commands = new ArrayList<>();
        for (String c : List.of("iptables -nvL", "iptables -t nat -nvL", "iptables-save -c", "conntrack -L",
                "ip neigh show dev eth0")) {
            commands.add(new String[] {"host", c});
        }
        commands.add(new String[] {"ext", "ip neigh"});
        compare(simulation.engine(), netfilter, commands);
    }

    /**
     * tcpdump run in the namespaces through one ping from test1 to test2 (as in the test above) prints what
     * {@code netsim exec ... tcpdump} prints after the simulated ping: on test1's and test2's eth0, on the host's
     * veth of test2 and, with {@code -e}, on docker0, which in promiscuous mode (tcpdump's default) sees the whole
     * bridged exchange; and with a filter. (Its {@code -p} view, only the broadcast ARP request, cannot be watched
     * beside them: promiscuous mode is the device's, set by any of them. The fixtures' captures are all taken with
     * {@code -p}, and KernelScenarioComparisonTest holds the simulation's to them.) Stdout and stderr ("listening
     * on", the counts) must be identical but for what {@link #tcpdumpNormalised} leaves out.
     */
    @Test
    @Order(4)
    void tcpdumpThroughAPingAcrossTheBridgePrintsWhatTheKernelsTcpdumpPrints() throws Exception {
        pingWatchedByTcpdumps(List.of(
                new String[] {"test1", "tcpdump -i eth0 -nn"},
                new String[] {"test2", "tcpdump -nn -e -i eth0"},
                new String[] {"host", "tcpdump -i veth-test2 -n icmp"},
                new String[] {"test1", "tcpdump -v -nn -i eth0"},
                new String[] {"host", "tcpdump -nnei docker0"},
                new String[] {"host", "tcpdump -i docker0 -nn icmp or arp and host 172.17.0.4"}));
    }

    /**
     * {@code tcpdump -i any} in the host through the same ping: every interface's frames in the order the kernel saw
     * them, each with its interface and direction (test1's echo arriving on its veth for another host, "P"; the ARP
     * request flooded out of the other port; nothing bridged on docker0 but the broadcast, no interface being
     * promiscuous), with and without {@code -e}, and with a filter.
     */
    @Test
    @Order(5)
    void tcpdumpOnTheAnyDeviceShowsEachInterfaceAndDirectionAsTheKernelsDoes() throws Exception {
        pingWatchedByTcpdumps(List.of(
                new String[] {"host", "tcpdump -i any -nn"},
                new String[] {"host", "tcpdump -nn -e -i any"},
                new String[] {"host", "tcpdump -i any -n icmp"},
                new String[] {"host", "tcpdump -i any -v -nn"},
                new String[] {"host", "tcpdump -i any -q -e -nn"},
                new String[] {"test2", "tcpdump -q -nn -e"}));
    }

    /**
     * UDP through the real docker-proxy (docker.io's, as dockerd starts it for {@code -p 9000:9000/udp} and
     * {@code -p 9001:9001/udp} to test2, with fd 3 open for its start-up report) against the simulation's: a UDP
     * server in test2 answers on 9000 ({@code peer.py}: "pong " and the datagram), nothing listens on 9001. Three
     * clients, each a connected socket on port 43210 sending "hello\n", as the simulated {@code nc -u}: the host to
     * 127.0.0.1:9000 (relayed from 172.17.0.1, the answer copied back), test1 to the host's 192.168.1.10:9000 (not
     * DNATed from docker0, relayed; the proxy's answer leaves from 172.17.0.1, the route's address, and test1's
     * connected socket refuses it with an ICMP port unreachable, which the proxy's unconnected socket never hears of)
     * and the host to 127.0.0.1:9001 (test2's ICMP port unreachable ends at the proxy's backend socket; the client
     * hears nothing). tcpdump on every interface of the host and in the containers, {@code conntrack -L} after, and
     * after the first exchange {@code ss} in its UDP forms, must read the same but for the backend socket's ephemeral
     * port (the kernel draws it; the simulation counts from 47391), the IP IDs, the conntrack timers and the listing
     * orders (the kernel's hash tables'), and ss's pids and fds.
     */
    @Test
    @Order(6)
    void udpThroughTheRealDockerProxyIsRelayedAsTheSimulationRelaysIt() throws Exception {
        Kernel.require("python3", "docker-proxy", "tcpdump");
        List<Process> programs = new ArrayList<>();
        try {
            for (int port : new int[] {9000, 9001}) {
                programs.add(background("host", "exec docker-proxy -proto udp -host-ip 0.0.0.0 -host-port "
                        + port + " -container-ip 172.17.0.4 -container-port " + port + " 3>/dev/null"));
            }
            programs.add(background("test2", "exec python3 " + FIXTURES.resolve("lib/peer.py") + " serve 9000"));
            awaitUdpSockets("host", ":9000 ", ":9001 ");
            awaitUdpSockets("test2", ":9000 ");
            World world = withUdpProxies(FixtureArticleHost.build(), 9000, 9001);
            udpExchange(world, "host", "127.0.0.1", 9000, "b'pong hello\\n\\n'", List.of(
                    new String[] {"host", "tcpdump -i any -nn"},
                    new String[] {"host", "tcpdump -i any -v -nn udp"},
                    new String[] {"test2", "tcpdump -nn -e -i eth0"}), List.of(
                    new String[] {"host", "ss -uanp"},
                    new String[] {"host", "ss -ua"},
                    new String[] {"host", "ss -tuanH"},
                    new String[] {"host", "ss -ulnp"},
                    new String[] {"host", "ss -u"},
                    new String[] {"test2", "ss -ulnp"},
                    new String[] {"test2", "ss -uan"}));
            udpExchange(world, "test1", "192.168.1.10", 9000, "timeout", List.of(
                    new String[] {"host", "tcpdump -i any -nn"},
                    new String[] {"host", "tcpdump -i any -v -nn icmp"},
                    new String[] {"test1", "tcpdump -nn -i eth0"}), List.of());
            udpExchange(world, "host", "127.0.0.1", 9001, "timeout", List.of(
                    new String[] {"host", "tcpdump -i any -nn udp or icmp"},
                    new String[] {"test2", "tcpdump -nn -i eth0 -v"}), List.of());
        } finally {
            for (Process p : programs) {
                p.destroy();
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * From {@code role}'s socket on port 43210, connected to {@code to:port}, one "hello\n" and a wait of a second
     * for an answer ({@code expect}: what the client prints, or "timeout"), watched by {@code tcpdumps}; then the
     * host's conntrack table.
     */
    private static void udpExchange(World world, String role, String to, int port, String expect,
                                    List<String[]> tcpdumps, List<String[]> sockets) throws Exception {
        reset();
        // The client keeps its socket until its stdin closes, as nc -u does: ss below still sees it.
        String client = "import socket, sys\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                + "s.bind(('" + (role.equals("host") ? to : "0.0.0.0") + "', 43210))\n"
                + "s.connect(('" + to + "', " + port + "))\n"
                + "s.settimeout(1)\n"
                + "s.send(b'hello\\n')\n"
                + "try:\n    print(s.recv(100), flush=True)\nexcept socket.timeout:\n    print('timeout', flush=True)\n"
                + "sys.stdin.read()\n";
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        // Up to the datagram, its answer or refusal and the refusal of the proxy's copy of the answer (test1's ICMP),
        // with the proxy's two copies.
        Simulation simulation = new Simulation(world, netfilter, new Flow(role, null, Ipv4Address.parse(to), port,
                IpProtocol.UDP), 3);
        simulation.engine().widenForRelays();
        Process[] running = new Process[1];
        try {
            watchedByTcpdumps(tcpdumps, () -> {
                try {
                    running[0] = new ProcessBuilder("ip", "netns", "exec", prefix + "-" + role, "python3", "-c", client)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    String answer = new java.io.BufferedReader(new java.io.InputStreamReader(
                            running[0].getInputStream(), java.nio.charset.StandardCharsets.UTF_8)).readLine();
                    assertThat(answer).as(role + "'s client").isEqualTo(expect);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, simulation, netfilter, text -> backendPortAsSimulated(text, port));
            String realConntrack = backendPortAsSimulated(real("host", "conntrack -L").orThrow().stdout(), port);
            String simConntrack = Exec.run(simulation.engine(), netfilter, "host", List.of("conntrack", "-L"))
                    .stdout();
            assertThat(sortedLines(normalise(simConntrack)))
                    .as("host# conntrack -L after the " + role + " -> " + to + ":" + port + " exchange")
                    .isEqualTo(sortedLines(normalise(realConntrack)));
            SoftAssertions soft = new SoftAssertions();
            for (String[] rc : sockets) {
                // The real client is python3, the simulated one nc (-u): the one program named differently.
                String realSs = backendPortAsSimulated(real(rc[0], rc[1]).orThrow().stdout(), port)
                        .replace("((\"python3\",", rc[0].equals(role) ? "((\"nc\"," : "((\"python3\",");
                String simSs = Exec.run(simulation.engine(), netfilter, rc[0], Arrays.asList(rc[1].split(" ")))
                        .stdout();
                soft.assertThat(ssNormalised(simSs)).as(rc[0] + "# " + rc[1]).isEqualTo(ssNormalised(realSs));
            }
            soft.assertAll();
        } finally {
            if (running[0] != null) {
                running[0].getOutputStream().close();
                if (!running[0].waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    running[0].destroyForcibly();
                }
            }
        }
    }

    /**
     * ss's lines with the header first and the sockets sorted (the kernel lists them in its hash tables' order, the
     * simulation sorted), and -p's pid and fd left out (the simulation's are its own), with the spaces that pad the
     * Process column, the last, to the longest pid's width.
     */
    private static List<String> ssNormalised(String text) {
        List<String> lines = text.replaceAll("pid=\\d+,fd=\\d+", "pid=N,fd=N").replaceAll("(?m) +$", "").lines()
                .toList();
        if (lines.isEmpty() || !lines.get(0).contains("Recv-Q")) {
            return lines.stream().sorted().toList();
        }
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        out.addAll(lines.subList(1, lines.size()).stream().sorted().toList());
        return out;
    }

    /**
     * {@code text} with the port of docker-proxy's backend socket, which the kernel drew, as the simulation's first
     * (UdpRelay's 47391): where tcpdump prints it after 172.17.0.1 and conntrack beside 172.17.0.4:PORT.
     */
    private static String backendPortAsSimulated(String text, int port) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("172\\.17\\.0\\.1\\.(\\d+) > 172\\.17\\.0\\.4\\."
                + port + "\\b|src=172\\.17\\.0\\.1 dst=172\\.17\\.0\\.4 sport=(\\d+) dport=" + port + "\\b"
                + "|172\\.17\\.0\\.1:(\\d+) +172\\.17\\.0\\.4:" + port + "\\b").matcher(text);
        if (!m.find()) {
            return text;
        }
        String drawn = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return text.replaceAll("172\\.17\\.0\\.1([.:])" + drawn + "\\b", "172.17.0.1$147391")
                .replaceAll("port=" + drawn + "\\b", "port=47391");
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    /** A program started in {@code role}'s namespace by bash ({@code command} may redirect), its output dropped. */
    private static Process background(String role, String command) throws java.io.IOException {
        return new ProcessBuilder("ip", "netns", "exec", prefix + "-" + role, "bash", "-c", command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Waits (up to 10 s) until {@code ss -uln} in {@code role} lists a socket on each of {@code ports}. */
    private static void awaitUdpSockets(String role, String... ports) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String listed = real(role, "ss -H -uln").orThrow().stdout();
            if (Arrays.stream(ports).allMatch(listed::contains)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(role + ": no UDP sockets on " + String.join(",", ports) + " after 10 s");
    }

    /**
     * The fixture's world with docker-proxy relaying UDP {@code ports} of the host to test2 (as dockerd would start it
     * for each) and test2 answering on the first as peer.py answers "hello\n".
     */
    private static World withUdpProxies(World world, int... ports) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : world.nodes()) {
            List<ListeningSocket> sockets = new ArrayList<>(n.sockets());
            if (n.name().equals("host")) {
                for (int port : ports) {
                    sockets.add(DockerHost.dockerProxy(new PortMapping(IpProtocol.UDP, port,
                            Ipv4Address.parse("172.17.0.4"), port)));
                }
            } else if (n.name().equals("test2")) {
                sockets.add(new ListeningSocket(IpProtocol.UDP, Ipv4Address.ANY, ports[0], "python3",
                        "pong hello\n\n"));
            }
            nodes.add(new Node(n.name(), n.interfaces(), n.routes(), n.neighbours(), n.sysctls(), n.ruleset(), sockets,
                    n.checksumOffload(), n.rules()));
        }
        return new World(nodes);
    }

    /**
     * Starts each tcpdump (role, command) in its namespace, pings test2 from test1 once, simulates the same ping and
     * requires each command's output in the simulation to be the real one's (stdout as {@link #tcpdumpNormalised},
     * stderr exactly).
     */
    private static void pingWatchedByTcpdumps(List<String[]> commands) throws Exception {
        reset();
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
        Simulation simulation = new Simulation(FixtureArticleHost.build(), netfilter,
                new Flow("test1", null, Ipv4Address.parse("172.17.0.4"), 0, IpProtocol.ICMP), 2);
        watchedByTcpdumps(commands, () -> real("test1", "busybox ping -c 1 -s 8 -W 2 172.17.0.4").orThrow(),
                simulation, netfilter, text -> text);
    }

    /**
     * Starts each tcpdump (role, command) in its namespace, runs {@code traffic}, runs {@code simulation} and requires
     * each command's output in the simulation to be the real one's: stdout as {@link #tcpdumpNormalised} after
     * {@code real} (applied to the real side only), stderr exactly.
     */
    private static void watchedByTcpdumps(List<String[]> commands, Runnable traffic, Simulation simulation,
                                          EvaluatedNetfilter netfilter, java.util.function.UnaryOperator<String> real)
            throws Exception {
        List<RealTcpdump> dumps = new ArrayList<>();
        try {
            for (String[] c : commands) {
                dumps.add(RealTcpdump.start(c[0], c[1]));
            }
            traffic.run();
            simulation.run("kernel-comparison");
            SoftAssertions soft = new SoftAssertions();
            for (RealTcpdump d : dumps) {
                d.stop();
                ExecResult sim = Exec.run(simulation.engine(), netfilter, d.role, Arrays.asList(d.command.split(" ")));
                String where = d.role + "# " + d.command;
                soft.assertThat(sim.stdout()).as(where + " printed something").isNotBlank();
                soft.assertThat(tcpdumpNormalised(sim.stdout())).as(where + " (stdout)")
                        .isEqualTo(tcpdumpNormalised(real.apply(d.stdout)));
                soft.assertThat(sim.stderrFirst() + sim.stderr()).as(where + " (stderr)").isEqualTo(d.stderr);
            }
            soft.assertAll();
        } finally {
            for (RealTcpdump d : dumps) {
                d.process.destroyForcibly();
            }
        }
    }

    /** A tcpdump running in a namespace, stopped by SIGINT after at most 5 s (timeout -s INT), as by Ctrl-C. */
    private static final class RealTcpdump {
        final String role;
        final String command;
        final Process process;
        final java.io.BufferedReader err;
        String stdout;
        String stderr = "";

        private RealTcpdump(String role, String command, Process process) {
            this.role = role;
            this.command = command;
            this.process = process;
            this.err = new java.io.BufferedReader(new java.io.InputStreamReader(process.getErrorStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Starts it and returns once it says "listening on": its socket is bound, the traffic may start. */
        static RealTcpdump start(String role, String command) throws java.io.IOException {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-" + role, "timeout", "-s",
                    "INT", "5"));
            argv.addAll(Arrays.asList(command.split(" ")));
            RealTcpdump d = new RealTcpdump(role, command, new ProcessBuilder(argv).start());
            String line;
            while ((line = d.err.readLine()) != null) {
                d.stderr += line + "\n";
                if (line.contains("listening on")) {
                    break;
                }
            }
            return d;
        }

        void stop() throws Exception {
            assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as(command).isTrue();
            stdout = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String line;
            while ((line = err.readLine()) != null) {
                stderr += line + "\n";
            }
        }
    }

    /**
     * tcpdump's lines with the time stamp, the ICMP echo identifier (busybox ping's pid) and sequence number (busybox
     * counts from 0, the simulated ping, as iputils', from 1), -v's IP ID (the kernel draws it for the real ping's
     * datagrams; the simulated ping's are fixed) left out, and the empty line an interrupted tcpdump may end its
     * output with (its SIGINT cleanup prints it in some runs and not in others).
     */
    private static String tcpdumpNormalised(String text) {
        return text.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ", "TIME ")
                .replaceAll("id \\d+, seq \\d+", "id ID, seq N").replaceAll("id \\d+, offset", "id ID, offset")
                .replaceAll("\n+$", "\n");
    }

    private static void compare(Engine engine, EvaluatedNetfilter netfilter, List<String[]> commands) {
        SoftAssertions soft = new SoftAssertions();
        for (String[] rc : commands) {
            String role = rc[0];
            List<String> argv = Arrays.asList(rc[1].split(" "));
            Command.Result kernel = real(role, rc[1]);
            ExecResult sim = Exec.run(engine, netfilter, role, argv);
            String where = role + "# " + rc[1];
            soft.assertThat(normalise(sim.stdout())).as(where + " (stdout)").isEqualTo(normalise(kernel.stdout()));
            soft.assertThat(normalise(sim.stderr())).as(where + " (stderr)").isEqualTo(normalise(kernel.stderr()));
            soft.assertThat(sim.exitCode()).as(where + " (exit status)").isEqualTo(kernel.exitCode());
        }
        soft.assertAll();
    }

    private static Command.Result real(String role, String command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-" + role));
        argv.addAll(Arrays.asList(command.split(" ")));
        return Command.run(argv, null, TIMEOUT);
    }

    /** Only the fields listed in the class comment, each for its reason there. */
    static String normalise(String text) {
        return normalise(text, prefix);
    }

    /** The same for namespaces named {@code PREFIX-role}. */
    static String normalise(String text, String prefix) {
        return text
                .replaceAll("link-netns " + (prefix == null ? "" : prefix + "-"), "link-netns ")
                .replaceAll("(# (Generated by iptables-save v1\\.8\\.9 \\(nf_tables\\)|Completed)) on .*", "$1 on DATE")
                .replaceAll("(?m)^(\\S+ +\\d+ )\\d+ ", "$1T ")
                .replaceAll("id=\\d+", "id=ID")
                .replaceAll("(?m) (REACHABLE|STALE|DELAY|PROBE) $", " NUD ")
                .replaceAll("(?m)^(\\s+\\d+\\t\\S+\\tno\\t\\t)\\s*\\d+\\.\\d+$", "$1AGE")
                .replaceAll("(?m)^Error: Peer netns reference is invalid\\.\n", "");
    }
}
