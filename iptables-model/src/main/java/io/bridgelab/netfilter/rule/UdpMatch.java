package io.bridgelab.netfilter.rule;

/** {@code -m udp}: {@code --sport}, {@code --dport}. */
public record UdpMatch(Negatable<PortRange> sourcePort, Negatable<PortRange> destinationPort) implements Match {

    public static UdpMatch destinationPort(int port) {
        return new UdpMatch(null, Negatable.of(PortRange.single(port)));
    }

    @Override
    public String module() {
        return "udp";
    }
}
