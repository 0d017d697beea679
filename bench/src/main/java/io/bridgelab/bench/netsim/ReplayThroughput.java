package io.bridgelab.bench.netsim;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;
import io.bridgelab.netfilter.text.IptablesSaveParser;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.PcapExport;
import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NeighbourEntry;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.Route;
import io.bridgelab.sim.world.RouteTable;
import io.bridgelab.sim.world.RouteType;
import io.bridgelab.sim.world.Sysctls;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;
import io.bridgelab.sim.world.World;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A replay of a SYN capture ({@code shared/bench/gen_syn_pcap.py}) into the host's eth0, through the same
 * topology and rules the kernel side of {@code bench/run-netsim.sh} builds in namespaces
 * ({@code shared/bench/kernel_anchor.sh}): host h with eth0 192.168.1.10/24 and docker0 172.17.0.1/16, a
 * container c1 at 172.17.0.4 with no listener (it answers RST), an outside ext at 192.168.1.20 whose MAC is
 * the capture's source, and {@code RULES} DNAT port rules, the hit one last. With {@code listen}, c1
 * listens on port 80 instead: it answers SYN-ACK, the outside never answers, and every connection stays in
 * the conntrack table (the kernel kills an entry whose only reply is a RST), which is the memory case; so
 * that every SYN of the capture keeps its entry, h itself listens on the other ports the capture's SYNs go
 * to (80, 443, 22, 20000-20999) instead of answering them with RST. A macro benchmark, not JMH:
 * one replay of a million packets is long enough to be steady, and it prints one tab-separated line:
 * frames, seconds to check and schedule the capture, seconds to simulate (writing every interface's pcap file
 * into a temporary folder, deleted at the end, as {@code netsim replay} does), packets/s overall, conntrack
 * entries, heap used after a full GC with the world still alive (MB).
 *
 * <p>{@code ROUNDS} (default 1) replays the capture that many times in this JVM, each time into a new world,
 * and prints one line per round: the first is what one {@code netsim replay} run gets (JIT warm-up
 * included: in a 1M replay the compiler threads took about a quarter of the CPU samples), the later ones
 * the simulation's steady speed.
 *
 * <p>With {@code nocapture} no interface's capture is written ({@code netsim replay --capture none}): the
 * kernel's side of the benchmark runs no tcpdump either.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.bridgelab.bench.netsim.ReplayThroughput SYN.pcap RULES
 * [listen] [nocapture] [ROUNDS]}
 */
public final class ReplayThroughput {
    private ReplayThroughput() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean listen = rest.remove("listen");
        boolean capture = !rest.remove("nocapture");
        if (rest.size() < 2 || rest.size() > 3) {
            System.err.println("usage: ReplayThroughput SYN.pcap RULES [listen] [nocapture] [ROUNDS]");
            System.exit(2);
        }
        Path pcap = Path.of(rest.get(0));
        int rules = Integer.parseInt(rest.get(1));
        int rounds = rest.size() == 3 ? Integer.parseInt(rest.get(2)) : 1;
        for (int round = 0; round < rounds; round++) {
            replay(pcap, rules, listen, capture);
        }
    }

    /** One replay into a new world; prints its line. */
    private static void replay(Path pcap, int rules, boolean listen, boolean capture) throws Exception {
        EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
        Engine engine = new Engine(anchorWorld(rules, listen), netfilter, Integer.MAX_VALUE, false);
        if (!capture) {
            engine.captures().only(java.util.Set.of());
        }
        // As netsim replay does: every interface's capture (none with nocapture) is written to its pcap file while
        // the replay runs.
        Path out = Files.createTempDirectory("netsim-replay-");
        long t0 = System.nanoTime();
        engine.captures().streamTo(out, 0);
        int frames = EdgeReplay.schedule(engine, List.of(new EdgeReplay.Edge("ext", "eth0", pcap))).frames();
        long t1 = System.nanoTime();
        engine.run();
        PcapExport.write(engine.captures(), out, 0);
        long t2 = System.nanoTime();
        int entries = netfilter.of("h").conntrack().size();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%d\t%.3f\t%.3f\t%.0f\t%d\t%d%n", frames, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                frames / ((t2 - t0) / 1e9), entries, heap >> 20);
        deleteOutput(out);
        // The engine must stay reachable until the heap was measured: its captures and tables are the point.
        if (engine.now() < 0) {
            System.out.println(engine);
        }
    }

    /** Removes a replay's output folder (REPLAY_DEBUG set: lists each file's size first). */
    static void deleteOutput(Path out) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                if (System.getenv("REPLAY_DEBUG") != null && Files.isRegularFile(f)) {
                    System.err.println(out.relativize(f) + " " + Files.size(f) + " bytes");
                }
                Files.delete(f);
            }
        }
    }

    /** kernel_anchor.sh's namespaces h, c1 and ext, with {@code rules} DNAT rules in nat DOCKER. */
    static World anchorWorld(int rules, boolean listen) throws io.bridgelab.netfilter.text.ParseException {
        MacAddress extMac = MacAddress.parse("02:aa:bb:cc:dd:01");
        MacAddress hostMac = MacAddress.parse("02:fc:00:00:00:01");
        MacAddress c1Mac = MacAddress.parse("02:42:ac:11:00:04");
        Ipv4Address hostIp = Ipv4Address.parse("192.168.1.10");
        Ipv4Address extIp = Ipv4Address.parse("192.168.1.20");
        Node ext = new Node("ext", List.of(Loopback.standard(), new Wire("eth0", 2, extMac,
                List.of(new InterfaceAddress(extIp, 24)), null, new Endpoint("h", "eth0"))),
                List.of(), List.of(), Sysctls.DEFAULTS, null, List.of());
        Node h = new Node("h", List.of(Loopback.standard(),
                new Wire("eth0", 2, hostMac, List.of(new InterfaceAddress(hostIp, 24)), null, new Endpoint("ext", "eth0")),
                new Bridge("docker0", 3, MacAddress.parse("02:42:5c:3f:00:01"),
                        List.of(new InterfaceAddress(Ipv4Address.parse("172.17.0.1"), 16)), false,
                        Bridge.DEFAULT_AGEING_SECONDS),
                new Veth("veth1", 4, MacAddress.parse("5e:d0:00:00:00:04"), List.of(), new BridgePort("docker0", false),
                        new Endpoint("c1", "eth0"))),
                List.of(new Route(RouteTable.MAIN, RouteType.UNICAST, Cidr.parse("10.0.0.0/8"), extIp, "eth0", null, 0)),
                List.of(new NeighbourEntry("eth0", extIp, extMac, true),
                        new NeighbourEntry("docker0", Ipv4Address.parse("172.17.0.4"), c1Mac, true)),
                Sysctls.DOCKER_HOST, IptablesSaveParser.parse(natRules(rules)), listen ? hostListeners() : List.of());
        Node c1 = new Node("c1", List.of(Loopback.standard(), new Veth("eth0", 5, c1Mac,
                List.of(new InterfaceAddress(Ipv4Address.parse("172.17.0.4"), 16)), null, new Endpoint("h", "veth1"))),
                List.of(Route.defaultVia(Ipv4Address.parse("172.17.0.1"), "eth0")), List.of(), Sysctls.DEFAULTS, null,
                listen ? List.of(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, 80, "server", null)) : List.of());
        return new World(List.of(ext, h, c1));
    }

    /** gen_syn_pcap.py's SYNs that are not for 8088 go to 80, 443, 22 or 20000-20999 of the host. */
    private static List<ListeningSocket> hostListeners() {
        List<ListeningSocket> sockets = new ArrayList<>();
        for (int port : List.of(80, 443, 22)) {
            sockets.add(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, port, "server", null));
        }
        for (int port = 20000; port < 21000; port++) {
            sockets.add(new ListeningSocket(IpProtocol.TCP, Ipv4Address.ANY, port, "server", null));
        }
        return sockets;
    }

    /** The same nat table bench/lib/kernel-dnat.sh restores into the kernel. */
    static String natRules(int rules) {
        StringBuilder s = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                + ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:DOCKER - [0:0]\n"
                + "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n"
                + "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
                + "-A DOCKER -i docker0 -j RETURN\n");
        for (int k = 1; k < rules; k++) {
            s.append("-A DOCKER ! -i docker0 -p tcp -m tcp --dport ").append(30000 + k)
                    .append(" -j DNAT --to-destination 172.17.0.4:80\n");
        }
        s.append("-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8088 -j DNAT --to-destination 172.17.0.4:80\nCOMMIT\n");
        return s.toString();
    }
}
