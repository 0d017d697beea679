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

    /**
     * The conntrack view of an answer the kernel makes for this packet and attaches to its connection
     * ({@code nf_ct_attach}: REJECT's RST or ICMP error, icmp_send's errors): the same connection, the other
     * direction, RELATED; conntrack does not look such a packet up again. Null when this packet has no connection
     * (INVALID, UNTRACKED): the answer is then looked up like any packet.
     */
    public Tracked answer() {
        return connection == null ? null : new Tracked(connection, direction.opposite(), PacketState.RELATED);
    }

    /** An ICMP error related to a connection. */
    public boolean isRelatedError() {
        return state == PacketState.RELATED;
    }
}
