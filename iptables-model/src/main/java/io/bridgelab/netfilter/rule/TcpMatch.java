package io.bridgelab.netfilter.rule;

/** {@code -m tcp}: {@code --sport}, {@code --dport}, {@code --tcp-flags}/{@code --syn}, {@code --tcp-option}. */
public record TcpMatch(Negatable<PortRange> sourcePort, Negatable<PortRange> destinationPort,
                       Negatable<TcpFlagsSpec> flags, Negatable<Integer> option) implements Match {

    public static TcpMatch destinationPort(int port) {
        return new TcpMatch(null, Negatable.of(PortRange.single(port)), null, null);
    }

    @Override
    public String module() {
        return "tcp";
    }
}
