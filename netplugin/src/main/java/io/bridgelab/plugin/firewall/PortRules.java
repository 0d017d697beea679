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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules of published ports, as Docker 20.10 installs them with {@code userland-proxy=false}
 * (hairpin mode): per port a DNAT in nat NETPLUGIN (no {@code ! -i BR}, so a container reaches a published
 * port of its own network through the host address); per container port an ACCEPT in filter NETPLUGIN and
 * the hairpin MASQUERADE for a container reaching itself, shared through multiport when an endpoint
 * publishes several ports of one protocol (see {@link #containerPorts}). No helper process per port.
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
        // Per container address and protocol, in first-seen order: its DNATs, then ACCEPT and MASQUERADE
        // for its container ports. A single port gets Docker's own rules; several share multiport rules.
        Map<String, List<PortMapping>> groups = new LinkedHashMap<>();
        for (PortMapping p : ports) {
            groups.computeIfAbsent(p.containerIp() + "/" + p.protocol(), k -> new ArrayList<>()).add(p);
        }
        List<RuleEntry> out = new ArrayList<>();
        String c = comment(e);
        String br = n.bridge();
        for (List<PortMapping> group : groups.values()) {
            PortMapping first = group.get(0);
            int proto = protocolNumber(first.protocol());
            Cidr container = Cidr.host(Ipv4Address.parse(first.containerIp()));
            for (PortMapping p : group) {
                IpHeaderMatch dnatHeader = IpHeaderMatch.ANY.withProtocol(Negatable.of(proto));
                if (p.hostIp() != null) {
                    dnatHeader = dnatHeader.withDestination(Negatable.of(Cidr.host(Ipv4Address.parse(p.hostIp()))));
                }
                NatRange to = new NatRange(AddressRange.single(container.network()), PortRange.single(p.containerPort()));
                out.add(new RuleEntry(TableName.NAT, OwnedChains.PORTS,
                        Rules.rule(dnatHeader, List.of(portMatch(p.protocol(), p.hostPort())), c, new Dnat(to, false, false))));
            }
            for (Match match : containerPorts(first.protocol(), group)) {
                out.add(new RuleEntry(TableName.FILTER, OwnedChains.PORTS, Rules.rule(IpHeaderMatch.ANY
                                .withDestination(Negatable.of(container)).withInInterface(Rules.notIface(br))
                                .withOutInterface(Rules.iface(br)).withProtocol(Negatable.of(proto)),
                        List.of(match), c, Accept.INSTANCE)));
                out.add(new RuleEntry(TableName.NAT, OwnedChains.POSTROUTING, Rules.rule(IpHeaderMatch.ANY
                                .withSource(Negatable.of(container)).withDestination(Negatable.of(container))
                                .withProtocol(Negatable.of(proto)),
                        List.of(match), c, Masquerade.PLAIN)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The matches for the container ports of one address and protocol. One port: Docker's own
     * {@code -m tcp --dport P}. Several: {@code -m multiport --dports} lists of consecutive-port ranges, 15
     * slots each (a range takes two), so {@code -p 20000-20999:20000-20999} needs one ACCEPT and one hairpin
     * MASQUERADE instead of 1,000 each: iptables-restore's time grows with the rule count (1,000 ports: 3,000
     * rules took 90-220 ms to add here, 1,002 rules a third of that). Matching is the same: a packet to
     * any published container port is accepted, a container reaching itself through any is masqueraded.
     */
    static List<Match> containerPorts(String protocol, List<PortMapping> group) {
        TreeSet<Integer> unique = new TreeSet<>();
        for (PortMapping p : group) {
            unique.add(p.containerPort());
        }
        if (unique.size() == 1) {
            return List.of(portMatch(protocol, unique.first()));
        }
        List<PortRange> ranges = new ArrayList<>();
        for (int port : unique) {
            PortRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.last() + 1 == port) {
                ranges.set(ranges.size() - 1, new PortRange(last.first(), port));
            } else {
                ranges.add(PortRange.single(port));
            }
        }
        List<Match> out = new ArrayList<>();
        List<PortRange> chunk = new ArrayList<>();
        int slots = 0;
        for (PortRange r : ranges) {
            int need = r.isSingle() ? 1 : 2;
            if (slots + need > 15) {
                out.add(new MultiportMatch(MultiportMatch.Direction.DESTINATION, chunk, false));
                chunk = new ArrayList<>();
                slots = 0;
            }
            chunk.add(r);
            slots += need;
        }
        out.add(new MultiportMatch(MultiportMatch.Direction.DESTINATION, chunk, false));
        return out;
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
