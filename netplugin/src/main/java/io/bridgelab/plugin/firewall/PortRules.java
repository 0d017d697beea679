package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressRange;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.MultiportMatch;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.PortMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * The three rules of each published port, as Docker 20.10 installs them with {@code userland-proxy=false}
 * (hairpin mode): DNAT in nat NETPLUGIN (no {@code ! -i BR}, so a container reaches a published port of its
 * own network through the host address), ACCEPT in filter NETPLUGIN, and the hairpin MASQUERADE for a
 * container reaching itself. No helper process per port.
 */
public final class PortRules {
    private PortRules() {
    }

    public static String comment(EndpointState e) {
        return OwnedChains.TAG + ":ep:" + e.shortId();
    }

    public static List<RuleEntry> of(NetworkState n, EndpointState e) {
        return of(n, e, e.ports());
    }

    public static List<RuleEntry> of(NetworkState n, EndpointState e, List<PortMapping> ports) {
        List<RuleEntry> out = new ArrayList<>();
        String c = comment(e);
        String br = n.bridge();
        for (PortMapping p : ports) {
            int proto = protocolNumber(p.protocol());
            Cidr container = Cidr.host(Ipv4Address.parse(p.containerIp()));
            IpHeaderMatch dnatHeader = IpHeaderMatch.ANY.withProtocol(Negatable.of(proto));
            if (p.hostIp() != null) {
                dnatHeader = dnatHeader.withDestination(Negatable.of(Cidr.host(Ipv4Address.parse(p.hostIp()))));
            }
            NatRange to = new NatRange(AddressRange.single(container.network()), PortRange.single(p.containerPort()));
            out.add(new RuleEntry(TableName.NAT, OwnedChains.PORTS,
                    Rules.rule(dnatHeader, List.of(portMatch(p.protocol(), p.hostPort())), c, new Dnat(to, false, false))));
            out.add(new RuleEntry(TableName.FILTER, OwnedChains.PORTS, Rules.rule(IpHeaderMatch.ANY
                            .withDestination(Negatable.of(container)).withInInterface(Rules.notIface(br))
                            .withOutInterface(Rules.iface(br)).withProtocol(Negatable.of(proto)),
                    List.of(portMatch(p.protocol(), p.containerPort())), c, Accept.INSTANCE)));
            out.add(new RuleEntry(TableName.NAT, OwnedChains.POSTROUTING, Rules.rule(IpHeaderMatch.ANY
                            .withSource(Negatable.of(container)).withDestination(Negatable.of(container))
                            .withProtocol(Negatable.of(proto)),
                    List.of(portMatch(p.protocol(), p.containerPort())), c, Masquerade.PLAIN)));
        }
        return List.copyOf(out);
    }

    public static int protocolNumber(String protocol) {
        return switch (protocol) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "sctp" -> 132;
            default -> throw new IllegalArgumentException("unsupported protocol " + protocol);
        };
    }

    /** tcp and udp as Docker writes them; sctp through multiport, which the rule model has a record for. */
    private static Match portMatch(String protocol, int port) {
        return switch (protocol) {
            case "tcp" -> TcpMatch.destinationPort(port);
            case "udp" -> UdpMatch.destinationPort(port);
            default -> new MultiportMatch(MultiportMatch.Direction.DESTINATION, List.of(PortRange.single(port)), false);
        };
    }
}
