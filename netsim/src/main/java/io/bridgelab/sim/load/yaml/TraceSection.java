package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.load.BuiltinScenarios;

import java.util.List;
import java.util.Set;

/** The file's {@code trace:} section: the exchange {@code netsim trace --file F} follows without options. */
record TraceSection(Flow flow, int packets) {
    static final Set<String> KEYS = Set.of("from", "source", "to", "proto", "packets");

    static TraceSection read(YamlNode.Mapping t, List<NamespaceSpec> namespaces) throws ScenarioFileException {
        t.onlyKeys(KEYS);
        String from = t.text("from");
        if (namespaces.stream().noneMatch(n -> n.name().equals(from))) {
            throw ScenarioFileException.at(t.get("from"), "no namespace named '" + from + "'");
        }
        int proto = t.has("proto") ? Values.protocol(t.get("proto"), true) : IpProtocol.TCP;
        YamlNode.Scalar to = YamlNode.scalar(t.has("to") ? t.get("to") : missingTo(t));
        int colon = to.text().indexOf(':');
        Ipv4Address dst = Values.ipv4(new YamlNode.Scalar(to.where(), colon < 0 ? to.text()
                : to.text().substring(0, colon), false));
        int port = 0;
        if (proto != IpProtocol.ICMP) {
            if (colon < 0) {
                throw ScenarioFileException.at(to, "expected IP:PORT for " + IpProtocol.name(proto) + ", got '"
                        + to.text() + "'");
            }
            try {
                port = Integer.parseInt(to.text().substring(colon + 1));
            } catch (NumberFormatException e) {
                throw ScenarioFileException.at(to, "not a port: '" + to.text().substring(colon + 1) + "'");
            }
            if (port < 1 || port > 65535) {
                throw ScenarioFileException.at(to, "port out of 1..65535: " + port);
            }
        }
        Ipv4Address source = t.has("source") ? Values.ipv4(t.get("source")) : null;
        int packets = t.integer("packets", proto == IpProtocol.TCP ? BuiltinScenarios.HTTP_PACKETS : 2, 1, 1000);
        return new TraceSection(new Flow(from, source, dst, port, proto), packets);
    }

    private static YamlNode missingTo(YamlNode.Mapping t) throws ScenarioFileException {
        throw ScenarioFileException.at(t, "missing required key 'to'");
    }
}
