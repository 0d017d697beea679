package io.bridgelab.sim.load;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.AddressType;
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
import java.util.Set;

/**
 * The rules Docker 20.10 installs for its default bridge with published ports, rule for rule as
 * {@code iptables-save} shows them on a real host (see shared/reference/docker-20.10-bridge.iptables-save.txt,
 * which also holds a second network).
 */
public final class DockerRules {
    private DockerRules() {
    }

    /** filter and nat for one bridge {@code bridge} with {@code subnet} and the given published ports. */
    public static Ruleset singleBridge(String bridge, Cidr subnet, List<PortMapping> ports) {
        return singleBridge(bridge, subnet, ports, false);
    }

    /**
     * With {@code hairpin} (dockerd {@code --userland-proxy=false}) libnetwork leaves out the nat
     * {@code -i BRIDGE -j RETURN} and the DNAT rules' {@code ! -i BRIDGE}, catches OUTPUT to 127/8 too, and
     * masquerades locally sourced traffic into the bridge, a rule it inserts ahead of the subnet's MASQUERADE
     * (as measured: fixtures/rulesets/docker-no-userland-proxy.save). dockerd also sets the bridge's
     * route_localnet and its ports' hairpin_mode, which are the world's, not the ruleset's.
     */
    public static Ruleset singleBridge(String bridge, Cidr subnet, List<PortMapping> ports, boolean hairpin) {
        return new Ruleset(List.of(filter(bridge, ports), nat(bridge, subnet, ports, hairpin)));
    }

    private static Table filter(String bridge, List<PortMapping> ports) {
        InterfaceName br = new InterfaceName(bridge);
        List<Rule> forward = List.of(
                rule(IpHeaderMatch.ANY, new Jump("DOCKER-USER")),
                rule(IpHeaderMatch.ANY, new Jump("DOCKER-ISOLATION-STAGE-1")),
                rule(IpHeaderMatch.ANY.withOutInterface(Negatable.of(br)),
                        ConntrackMatch.state(Set.of(CtState.RELATED, CtState.ESTABLISHED)), Accept.INSTANCE),
                rule(IpHeaderMatch.ANY.withOutInterface(Negatable.of(br)), new Jump("DOCKER")),
                rule(IpHeaderMatch.ANY.withInInterface(Negatable.of(br)).withOutInterface(Negatable.not(br)),
                        Accept.INSTANCE),
                rule(IpHeaderMatch.ANY.withInInterface(Negatable.of(br)).withOutInterface(Negatable.of(br)),
                        Accept.INSTANCE));
        List<Rule> docker = new ArrayList<>();
        for (PortMapping p : ports) {
            docker.add(rule(IpHeaderMatch.ANY.withDestination(Negatable.of(Cidr.host(p.containerAddress())))
                            .withInInterface(Negatable.not(br)).withOutInterface(Negatable.of(br))
                            .withProtocol(Negatable.of(p.protocol())),
                    portMatch(p.protocol(), p.containerPort()), Accept.INSTANCE));
        }
        return new Table(TableName.FILTER, List.of(
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("FORWARD", Policy.DROP, forward),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of()),
                Chain.user("DOCKER", docker),
                Chain.user("DOCKER-ISOLATION-STAGE-1", List.of(
                        rule(IpHeaderMatch.ANY.withInInterface(Negatable.of(br)).withOutInterface(Negatable.not(br)),
                                new Jump("DOCKER-ISOLATION-STAGE-2")),
                        rule(IpHeaderMatch.ANY, Return.INSTANCE))),
                Chain.user("DOCKER-ISOLATION-STAGE-2", List.of(
                        rule(IpHeaderMatch.ANY.withOutInterface(Negatable.of(br)), Drop.INSTANCE),
                        rule(IpHeaderMatch.ANY, Return.INSTANCE))),
                Chain.user("DOCKER-USER", List.of(rule(IpHeaderMatch.ANY, Return.INSTANCE)))));
    }

    private static Table nat(String bridge, Cidr subnet, List<PortMapping> ports, boolean hairpin) {
        InterfaceName br = new InterfaceName(bridge);
        List<Rule> postrouting = new ArrayList<>();
        if (hairpin) {
            postrouting.add(rule(IpHeaderMatch.ANY.withOutInterface(Negatable.of(br)),
                    new AddrtypeMatch(Negatable.of(Set.of(AddressType.LOCAL)), null, false, false), Masquerade.PLAIN));
        }
        postrouting.add(rule(IpHeaderMatch.ANY.withSource(Negatable.of(subnet)).withOutInterface(Negatable.not(br)),
                Masquerade.PLAIN));
        for (PortMapping p : ports) {
            // Hairpin: a container reaching its own published port comes back with itself as source.
            Cidr c = Cidr.host(p.containerAddress());
            postrouting.add(rule(IpHeaderMatch.ANY.withSource(Negatable.of(c)).withDestination(Negatable.of(c))
                    .withProtocol(Negatable.of(p.protocol())), portMatch(p.protocol(), p.containerPort()),
                    Masquerade.PLAIN));
        }
        List<Rule> docker = new ArrayList<>();
        if (!hairpin) {
            docker.add(rule(IpHeaderMatch.ANY.withInInterface(Negatable.of(br)), Return.INSTANCE));
        }
        for (PortMapping p : ports) {
            IpHeaderMatch h = hairpin ? IpHeaderMatch.ANY : IpHeaderMatch.ANY.withInInterface(Negatable.not(br));
            docker.add(rule(h.withProtocol(Negatable.of(p.protocol())),
                    portMatch(p.protocol(), p.hostPort()),
                    new Dnat(new NatRange(AddressRange.single(p.containerAddress()),
                            PortRange.single(p.containerPort())), false, false)));
        }
        return new Table(TableName.NAT, List.of(
                Chain.builtin("PREROUTING", Policy.ACCEPT, List.of(
                        rule(IpHeaderMatch.ANY, AddrtypeMatch.destinationLocal(), new Jump("DOCKER")))),
                Chain.builtin("INPUT", Policy.ACCEPT, List.of()),
                Chain.builtin("OUTPUT", Policy.ACCEPT, List.of(
                        rule(hairpin ? IpHeaderMatch.ANY
                                        : IpHeaderMatch.ANY.withDestination(Negatable.not(Cidr.parse("127.0.0.0/8"))),
                                AddrtypeMatch.destinationLocal(), new Jump("DOCKER")))),
                Chain.builtin("POSTROUTING", Policy.ACCEPT, postrouting),
                Chain.user("DOCKER", docker)));
    }

    private static Match portMatch(int protocol, int port) {
        return protocol == IpProtocol.TCP ? TcpMatch.destinationPort(port)
                : new UdpMatch(null, Negatable.of(PortRange.single(port)));
    }

    private static Rule rule(IpHeaderMatch header, Target target) {
        return new Rule(header, List.of(), target);
    }

    private static Rule rule(IpHeaderMatch header, Match match, Target target) {
        return new Rule(header, List.of(match), target);
    }
}
