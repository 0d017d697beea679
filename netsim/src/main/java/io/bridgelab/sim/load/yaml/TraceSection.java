package io.bridgelab.sim.load.yaml;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.load.BuiltinScenarios;

import java.util.List;
import java.util.Set;

/** The file's {@code trace:} section: the exchange {@code netsim trace --file F} follows without options. */
record TraceSection(Flow flow, int packets) {
    static final Set<String> KEYS = Set.of("from", "source", "to", "proto", "packets", "size");

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
        if (proto == IpProtocol.ICMP && colon >= 0) {
            throw ScenarioFileException.at(to, "an icmp echo has no port: write just the address, '"
                    + to.text().substring(0, colon) + "'");
        }
        if (proto != IpProtocol.ICMP) {
            if (colon < 0) {
                throw ScenarioFileException.at(to, "expected IP:PORT for " + IpProtocol.name(proto) + ", got '"
                        + to.text() + "'");
            }
            String digits = to.text().substring(colon + 1);
            // Digits only: Integer.parseInt would also take a sign ("+80").
            if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw ScenarioFileException.at(to, "not a port: '" + digits + "'");
            }
            port = Integer.parseInt(digits);
            if (port < 1 || port > 65535) {
                throw ScenarioFileException.at(to, "port out of 1..65535: " + port);
            }
        }
        Ipv4Address source = t.has("source") ? Values.ipv4(t.get("source")) : null;
        if (source != null) {
            NamespaceSpec n = namespaces.stream().filter(s -> s.name().equals(from)).findFirst().orElseThrow();
            // As the simulation's own check: lo's 127.0.0.1 or an interface's address.
            boolean owned = source.equals(Ipv4Address.parse("127.0.0.1")) || n.interfaces().stream()
                    .flatMap(i -> i.addresses().stream()).anyMatch(a -> a.address().equals(source));
            if (!owned) {
                throw ScenarioFileException.at(t.get("source"), from + " has no address " + source
                        + " (bind() would fail with EADDRNOTAVAIL)");
            }
        }
        int packets = t.integer("packets", proto == IpProtocol.TCP ? BuiltinScenarios.HTTP_PACKETS : 2, 1, 1000);
        // As trace --size: a TCP POST's body, or the first UDP datagram's or echo request's IP length.
        int size = t.has("size") ? t.integer("size", 0, proto == IpProtocol.TCP ? 1 : Flow.MIN_SIZE, 65535) : 0;
        return new TraceSection(new Flow(from, source, dst, port, proto, size), packets);
    }

    private static YamlNode missingTo(YamlNode.Mapping t) throws ScenarioFileException {
        throw ScenarioFileException.at(t, "missing required key 'to'");
    }
}
