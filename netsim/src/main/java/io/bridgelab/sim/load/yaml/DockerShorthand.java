package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Return;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.sim.load.DockerHost;
import io.bridgelab.sim.load.DockerRules;
import io.bridgelab.sim.load.PortMapping;
import io.bridgelab.sim.world.BridgePort;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.ListeningSocket;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Veth;
import io.bridgelab.sim.world.Wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A namespace's {@code docker:} section: the rules Docker 20.10 installs for one bridge network and its
 * published ports ({@link DockerRules}), with dockerd's switches {@code icc}, {@code ip_masquerade} and
 * {@code userland_proxy}; with the proxy on, a {@code docker-proxy} listens on each published host port.
 */
final class DockerShorthand {
    static final Set<String> KEYS = Set.of("bridge", "subnet", "icc", "ip_masquerade", "userland_proxy", "publish");

    /**
     * The host's rules and the sockets dockerd adds to it; {@code hairpinBridge}, with the userland proxy off, the
     * bridge whose ports dockerd puts in hairpin_mode and whose route_localnet it sets (null otherwise).
     */
    record Result(Ruleset rules, List<ListeningSocket> proxies, String hairpinBridge) {
    }

    /**
     * {@code interfaces} with every port of {@code bridge} in hairpin_mode, as dockerd sets it on each container's
     * port when the userland proxy is off (a container reaching its own published port is answered through the port
     * it came in by).
     */
    static List<NetInterface> withHairpinPorts(List<NetInterface> interfaces, String bridge) {
        List<NetInterface> out = new ArrayList<>(interfaces.size());
        for (NetInterface i : interfaces) {
            BridgePort p = i.port();
            BridgePort hairpin = p == null || !p.bridge().equals(bridge) || p.hairpin() ? null
                    : new BridgePort(bridge, true);
            if (hairpin != null && i instanceof Veth v) {
                out.add(new Veth(v.name(), v.ifindex(), v.mac(), v.addresses(), hairpin, v.peer(), v.mtu(),
                        v.txqlen()));
            } else if (hairpin != null && i instanceof Wire w) {
                out.add(new Wire(w.name(), w.ifindex(), w.mac(), w.addresses(), hairpin, w.peer(), w.mtu(),
                        w.txqlen()));
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private DockerShorthand() {
    }

    static Result build(NamespaceSpec host, List<NamespaceSpec> all) throws ScenarioFileException {
        YamlNode.Mapping d = host.docker();
        d.onlyKeys(KEYS);
        String bridge = d.text("bridge", "docker0");
        InterfaceSpec br = host.interfaces().stream().filter(i -> i.name().equals(bridge)).findFirst().orElse(null);
        if (br == null || br.kind() != InterfaceSpec.Kind.BRIDGE) {
            throw ScenarioFileException.at(d.has("bridge") ? d.get("bridge") : d, "no bridge named '" + bridge
                    + "' in namespace " + host.name() + " (declare it under interfaces, kind: bridge)");
        }
        Cidr subnet;
        if (d.has("subnet")) {
            subnet = Values.cidr(d.get("subnet"));
        } else if (!br.addresses().isEmpty()) {
            subnet = br.addresses().get(0).subnet();
        } else {
            throw ScenarioFileException.at(d, "bridge " + bridge + " has no address: give 'subnet'");
        }
        boolean proxy = d.bool("userland_proxy", true);
        List<PortMapping> ports = new ArrayList<>();
        List<ListeningSocket> proxies = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        for (YamlNode.Mapping p : d.mappings("publish")) {
            p.onlyKeys(Set.of("container", "host_port", "port", "proto"));
            int proto = p.has("proto") ? Values.protocol(p.get("proto"), false) : IpProtocol.TCP;
            if (!p.has("host_port") || !p.has("port")) {
                throw ScenarioFileException.at(p, "a published port needs 'host_port' and 'port' (-p HOST_PORT:PORT)");
            }
            int hostPort = p.integer("host_port", 0, 1, 65535);
            if (!taken.add(proto + "/" + hostPort)) {
                // docker run refuses it: "Bind for 0.0.0.0:8088 failed: port is already allocated".
                throw ScenarioFileException.at(p.get("host_port"), IpProtocol.name(proto) + " port " + hostPort
                        + " is published twice (docker: port is already allocated)");
            }
            for (ListeningSocket s : host.sockets()) {
                if (s.protocol() == proto && s.port() == hostPort) {
                    // dockerd binds the host port (docker-proxy, or a socket holding it without the proxy).
                    throw ScenarioFileException.at(p.get("host_port"), IpProtocol.name(proto) + " port " + hostPort
                            + " is already bound by " + s.owner() + " in " + host.name() + "'s listen (docker:"
                            + " address already in use)");
                }
            }
            int port = p.integer("port", 0, 1, 65535);
            Ipv4Address address = container(p, subnet, all);
            PortMapping mapping = new PortMapping(proto, hostPort, address, port);
            ports.add(mapping);
            if (proxy) {
                proxies.add(DockerHost.dockerProxy(mapping));
            }
        }
        Ruleset rules = DockerRules.singleBridge(bridge, subnet, ports, !proxy);
        if (!d.bool("icc", true)) {
            rules = iccOff(rules);
        }
        if (!d.bool("ip_masquerade", true)) {
            rules = masqueradeOff(rules, subnet, bridge);
        }
        return new Result(rules, proxies, proxy ? null : bridge);
    }

    /** {@code container:} names a namespace (its address in the subnet) or is the address itself. */
    private static Ipv4Address container(YamlNode.Mapping p, Cidr subnet, List<NamespaceSpec> all)
            throws ScenarioFileException {
        String c = p.text("container");
        for (NamespaceSpec n : all) {
            if (n.name().equals(c)) {
                for (InterfaceSpec i : n.interfaces()) {
                    for (InterfaceAddress a : i.addresses()) {
                        if (subnet.contains(a.address())) {
                            return a.address();
                        }
                    }
                }
                throw ScenarioFileException.at(p.get("container"), "namespace " + c + " has no address in " + subnet);
            }
        }
        if (!c.matches("[0-9.]+")) {
            throw ScenarioFileException.at(p.get("container"), "no namespace named '" + c + "' (nor an address)");
        }
        Ipv4Address address = Values.ipv4(p.get("container"));
        if (!subnet.contains(address)) {
            // dockerd publishes only to a container on the network whose rules it writes.
            throw ScenarioFileException.at(p.get("container"), address + " is not in the bridge's subnet " + subnet
                    + ": a published port goes to a container on this network");
        }
        return address;
    }

    /** {@code --icc=false}: Docker writes {@code -A FORWARD -i BR -o BR -j DROP} where it would accept. */
    private static Ruleset iccOff(Ruleset rules) {
        Table filter = rules.table(TableName.FILTER);
        Chain forward = filter.chain("FORWARD");
        List<Rule> out = new ArrayList<>(forward.rules());
        Rule last = out.remove(out.size() - 1);
        out.add(new Rule(last.header(), last.matches(), Drop.INSTANCE));
        return rules.with(filter.with(forward.withRules(out)));
    }

    /**
     * {@code ip_masquerade=false}: no {@code -s SUBNET ! -o BR -j MASQUERADE} for the network, and no nat
     * {@code -A DOCKER -i BR -j RETURN} either (as measured: fixtures/rulesets/docker-no-masquerade.save).
     */
    private static Ruleset masqueradeOff(Ruleset rules, Cidr subnet, String bridge) {
        Table nat = rules.table(TableName.NAT);
        Chain post = nat.chain("POSTROUTING");
        List<Rule> out = new ArrayList<>();
        for (Rule r : post.rules()) {
            boolean network = r.target() instanceof Masquerade && r.header().source() != null
                    && r.header().source().value().equals(subnet);
            if (!network) {
                out.add(r);
            }
        }
        Chain docker = nat.chain("DOCKER");
        List<Rule> dnat = new ArrayList<>();
        for (Rule r : docker.rules()) {
            boolean returnFromBridge = r.target() instanceof Return && r.header().inInterface() != null
                    && !r.header().inInterface().negated() && r.header().inInterface().value().pattern().equals(bridge);
            if (!returnFromBridge) {
                dnat.add(r);
            }
        }
        return rules.with(nat.with(post.withRules(out)).with(docker.withRules(dnat)));
    }
}
