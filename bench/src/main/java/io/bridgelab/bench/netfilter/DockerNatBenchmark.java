package io.bridgelab.bench.netfilter;

import io.bridgelab.netfilter.conntrack.ConntrackTable;
import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.eval.Hook;
import io.bridgelab.netfilter.eval.HookResult;
import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.netfilter.eval.StaticHostView;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Metadata;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.TcpMatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluations per second of a NEW TCP connection's first packet (a SYN from outside to a published port)
 * through the PREROUTING hook: conntrack lookup (miss, new entry), nat PREROUTING
 * {@code -m addrtype --dst-type LOCAL -j DOCKER}, then the DOCKER chain ({@code -i docker0 -j RETURN} and
 * {@code rules} DNAT port rules), the DNAT binding and the rewrite. The SYN hits the LAST port rule, as in
 * the kernel anchor (10,000 rules ahead of the hit). The entry is never confirmed (no POSTROUTING here),
 * so every call is a new connection and the table stays empty, as for a capture of distinct flows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Long warmup: on a shared 2-core machine C2 needs seconds before the hot path is compiled.
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DockerNatBenchmark {
    @Param({"1", "100", "1000", "10000"})
    public int rules;

    @Param({"FAST", "REFERENCE"})
    public String mode;

    private Netfilter netfilter;
    private Packet syn;
    private long now;

    @Setup
    public void setUp() {
        netfilter = new Netfilter(ruleset(rules), host(), new ConntrackTable(), Netfilter.Mode.valueOf(mode));
        int port = 10000 + rules - 1;
        TcpSegment tcp = new TcpSegment(40000, port, 1, 0, TcpFlags.SYN, 64240, 0, 0, null, null);
        Ipv4Header ip = new Ipv4Header(0, 40, 1, true, false, 0, 64, IpProtocol.TCP, 0,
                Ipv4Address.parse("10.1.2.3"), Ipv4Address.parse("192.168.1.10"), Bytes.EMPTY);
        // Checksums right, as a sender makes them: conntrack marks a bad one INVALID in PREROUTING.
        syn = new Packet(null, InternetChecksum.refresh(new Ipv4Datagram(ip, tcp))).withMetadata(Metadata.NONE.withInInterface("eth0"));
        HookResult check = netfilter.run(Hook.PREROUTING, syn, null, 0, false);
        if (!check.packet().ip().destination().equals(Ipv4Address.parse("172.17.0.2"))) {
            throw new IllegalStateException("benchmark packet was not DNATed: " + check.trace());
        }
    }

    @Benchmark
    public HookResult newConnectionThroughPrerouting() {
        return netfilter.run(Hook.PREROUTING, syn, null, now++, false);
    }

    /** Docker's nat table with {@code n} published TCP ports 10000.. in the DOCKER chain. */
    public static Ruleset ruleset(int n) {
        List<Rule> docker = new ArrayList<>();
        docker.add(new Rule(IpHeaderMatch.ANY.withInInterface(Negatable.of(new InterfaceName("docker0"))), List.of(),
                Return.INSTANCE));
        IpHeaderMatch tcpNotDocker0 = IpHeaderMatch.ANY.withProtocol(Negatable.of(IpProtocol.TCP))
                .withInInterface(Negatable.not(new InterfaceName("docker0")));
        for (int k = 0; k < n; k++) {
            Dnat dnat = new Dnat(new NatRange(AddressRange.single(Ipv4Address.parse("172.17.0.2")),
                    PortRange.single(80)), false, false);
            docker.add(new Rule(tcpNotDocker0, List.of(TcpMatch.destinationPort(10000 + k)), dnat));
        }
        Table nat = new Table(TableName.NAT, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(new Rule(IpHeaderMatch.ANY,
                        List.of(AddrtypeMatch.destinationLocal()), new Jump("DOCKER")))),
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("POSTROUTING", Policy.ACCEPT, List.of(new Rule(
                        IpHeaderMatch.ANY.withSource(Negatable.of(Cidr.parse("172.17.0.0/16")))
                                .withOutInterface(Negatable.not(new InterfaceName("docker0"))), List.of(),
                        io.bridgelab.netfilter.rule.Masquerade.PLAIN))),
                Chain.user("DOCKER", docker)));
        return new Ruleset(List.of(nat));
    }

    static StaticHostView host() {
        return new StaticHostView(Map.of(
                "lo", List.of(InterfaceAddress.primary(Ipv4Address.parse("127.0.0.1"), 8)),
                "eth0", List.of(InterfaceAddress.primary(Ipv4Address.parse("192.168.1.10"), 24)),
                "docker0", List.of(InterfaceAddress.primary(Ipv4Address.parse("172.17.0.1"), 16))),
                Ipv4Address.parse("192.168.1.1"));
    }
}
