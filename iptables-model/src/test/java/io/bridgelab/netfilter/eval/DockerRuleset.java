package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.conntrack.TestPackets.ip;

import io.bridgelab.netfilter.conntrack.InterfaceAddress;
import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Policy;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.Target;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule model of /work/shared/reference/docker-20.10-bridge.iptables-save.txt, built by hand (the
 * text parser is another package's), and the host it ran on as seen by the kernel tests.
 */
public final class DockerRuleset {
    public static final String BR = "br-995e2caec5d2";

    private DockerRuleset() {
    }

    public static IpHeaderMatch header() {
        return IpHeaderMatch.ANY;
    }

    public static Negatable<InterfaceName> i(String name) {
        return Negatable.of(new InterfaceName(name));
    }

    public static Negatable<InterfaceName> noti(String name) {
        return Negatable.not(new InterfaceName(name));
    }

    public static Negatable<Cidr> cidr(String text) {
        return Negatable.of(Cidr.parse(text));
    }

    public static Rule rule(IpHeaderMatch h, Target t, Match... matches) {
        return new Rule(h, List.of(matches), t);
    }

    public static IpHeaderMatch tcp() {
        return IpHeaderMatch.ANY.withProtocol(Negatable.of(IpProtocol.TCP));
    }

    public static IpHeaderMatch udp() {
        return IpHeaderMatch.ANY.withProtocol(Negatable.of(IpProtocol.UDP));
    }

    public static Dnat dnat(String address, int port) {
        return new Dnat(new NatRange(AddressRange.single(ip(address)), PortRange.single(port)), false, false);
    }

    public static Ruleset ruleset() {
        return new Ruleset(List.of(filter(), nat(List.of(
                rule(udp().withInInterface(noti(BR)), dnat("172.20.0.2", 9001), UdpMatch.destinationPort(9001)),
                rule(udp().withInInterface(noti(BR)), dnat("172.20.0.2", 9000), UdpMatch.destinationPort(9000))))));
    }

    public static Table filter() {
        ConntrackMatch relEst = ConntrackMatch.state(Set.of(CtState.RELATED, CtState.ESTABLISHED));
        List<Rule> forward = List.of(
                rule(header(), new Jump("DOCKER-USER")),
                rule(header(), new Jump("DOCKER-ISOLATION-STAGE-1")),
                rule(header().withOutInterface(i(BR)), Accept.INSTANCE, relEst),
                rule(header().withOutInterface(i(BR)), new Jump("DOCKER")),
                rule(header().withInInterface(i(BR)).withOutInterface(noti(BR)), Accept.INSTANCE),
                rule(header().withOutInterface(i("docker0")), Accept.INSTANCE, relEst),
                rule(header().withOutInterface(i("docker0")), new Jump("DOCKER")),
                rule(header().withInInterface(i("docker0")).withOutInterface(noti("docker0")), Accept.INSTANCE),
                rule(header().withInInterface(i("docker0")).withOutInterface(i("docker0")), Accept.INSTANCE),
                rule(header().withInInterface(i(BR)).withOutInterface(i(BR)), Drop.INSTANCE));
        List<Rule> docker = List.of(
                rule(tcp().withDestination(cidr("172.17.0.2/32")).withInInterface(noti("docker0"))
                        .withOutInterface(i("docker0")), Accept.INSTANCE, TcpMatch.destinationPort(80)),
                rule(udp().withDestination(cidr("172.20.0.2/32")).withInInterface(noti(BR)).withOutInterface(i(BR)),
                        Accept.INSTANCE, UdpMatch.destinationPort(9001)),
                rule(udp().withDestination(cidr("172.20.0.2/32")).withInInterface(noti(BR)).withOutInterface(i(BR)),
                        Accept.INSTANCE, UdpMatch.destinationPort(9000)));
        List<Rule> stage1 = List.of(
                rule(header().withInInterface(i(BR)).withOutInterface(noti(BR)), new Jump("DOCKER-ISOLATION-STAGE-2")),
                rule(header().withInInterface(i("docker0")).withOutInterface(noti("docker0")),
                        new Jump("DOCKER-ISOLATION-STAGE-2")),
                rule(header(), Return.INSTANCE));
        List<Rule> stage2 = List.of(
                rule(header().withOutInterface(i(BR)), Drop.INSTANCE),
                rule(header().withOutInterface(i("docker0")), Drop.INSTANCE),
                rule(header(), Return.INSTANCE));
        return new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("FORWARD", Policy.DROP, forward),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()),
                Chain.user("DOCKER", docker),
                Chain.user("DOCKER-ISOLATION-STAGE-1", stage1),
                Chain.user("DOCKER-ISOLATION-STAGE-2", stage2),
                Chain.user("DOCKER-USER", List.of(rule(header(), Return.INSTANCE)))));
    }

    /** The nat table with the DOCKER chain's DNAT rules after its two RETURN rules and the 8088 rule. */
    public static Table nat(List<Rule> moreDnat) {
        Match local = AddrtypeMatch.destinationLocal();
        List<Rule> docker = new ArrayList<>(List.of(
                rule(header().withInInterface(i(BR)), Return.INSTANCE),
                rule(header().withInInterface(i("docker0")), Return.INSTANCE),
                rule(tcp().withInInterface(noti("docker0")), dnat("172.17.0.2", 80), TcpMatch.destinationPort(8088))));
        docker.addAll(moreDnat);
        return new Table(TableName.NAT, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(rule(header(), new Jump("DOCKER"), local))),
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of(rule(header().withDestination(
                        Negatable.not(Cidr.parse("127.0.0.0/8"))), new Jump("DOCKER"), local))),
                Chain.builtin("POSTROUTING", Policy.ACCEPT, List.of(
                        rule(header().withSource(cidr("172.20.0.0/16")).withOutInterface(noti(BR)), Masquerade.PLAIN),
                        rule(header().withSource(cidr("172.17.0.0/16")).withOutInterface(noti("docker0")),
                                Masquerade.PLAIN),
                        rule(tcp().withSource(cidr("172.17.0.2/32")).withDestination(cidr("172.17.0.2/32")),
                                Masquerade.PLAIN, TcpMatch.destinationPort(80)),
                        rule(udp().withSource(cidr("172.20.0.2/32")).withDestination(cidr("172.20.0.2/32")),
                                Masquerade.PLAIN, UdpMatch.destinationPort(9001)),
                        rule(udp().withSource(cidr("172.20.0.2/32")).withDestination(cidr("172.20.0.2/32")),
                                Masquerade.PLAIN, UdpMatch.destinationPort(9000)))),
                Chain.user("DOCKER", docker)));
    }

    /** The host: eth0 192.168.1.10/24 (gateway .1), docker0 172.17.0.1/16, the user bridge 172.20.0.1/16. */
    public static StaticHostView host() {
        return new StaticHostView(Map.of(
                "lo", List.of(InterfaceAddress.primary(ip("127.0.0.1"), 8)),
                "eth0", List.of(InterfaceAddress.primary(ip("192.168.1.10"), 24)),
                "docker0", List.of(InterfaceAddress.primary(ip("172.17.0.1"), 16)),
                BR, List.of(InterfaceAddress.primary(ip("172.20.0.1"), 16))), ip("192.168.1.1"));
    }
}
