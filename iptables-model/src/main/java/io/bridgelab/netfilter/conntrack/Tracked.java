package io.bridgelab.netfilter.conntrack;

/**
 * What conntrack made of one packet: its connection (null when INVALID or UNTRACKED), the packet's
 * direction in it, and the state the rules see. For an ICMP error the connection is the one it quotes
 * and the state is RELATED.
 */
public record Tracked(Connection connection, Direction direction, PacketState state) {
    public static final Tracked INVALID = new Tracked(null, Direction.ORIGINAL, PacketState.INVALID);
    public static final Tracked UNTRACKED = new Tracked(null, Direction.ORIGINAL, PacketState.UNTRACKED);

    public boolean hasConnection() {
        return connection != null;
    }

    /** Whether this packet is the first of a connection not yet in the table. */
    public boolean isUnconfirmed() {
        return connection != null && !connection.isConfirmed();
    }

    /** An ICMP error related to a connection. */
    public boolean isRelatedError() {
        return state == PacketState.RELATED;
    }
}
