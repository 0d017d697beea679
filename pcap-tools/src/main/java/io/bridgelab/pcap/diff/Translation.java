package io.bridgelab.pcap.diff;

/**
 * An address (and port) rewrite seen between paired packets in a NAT-aware comparison, e.g.
 * {@code 192.168.1.10:8088 -> 172.17.0.4:80 (DNAT)}. The kind is decided by where the first packet showing
 * it had the rewritten endpoint: the destination (DNAT) or the source (SNAT). The same rewrite seen on the
 * other side of later packets is that connection's replies (conntrack undoing it), counted as replies.
 */
public record Translation(Kind kind, String from, String to, long packets, long replies) {
    public enum Kind { DNAT, SNAT }

    @Override
    public String toString() {
        return from + " -> " + to + " (" + kind + ")";
    }
}
