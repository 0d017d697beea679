package io.bridgelab.netfilter.rule;

/**
 * {@code -m sctp}: {@code --sport}, {@code --dport} ({@code -p sctp --dport N} loads it implicitly, as
 * Docker's SCTP port mappings do). Chunk-type matching is not modelled.
 */
public record SctpMatch(Negatable<PortRange> sourcePort, Negatable<PortRange> destinationPort) implements Match {
    @Override
    public String module() {
        return "sctp";
    }
}
