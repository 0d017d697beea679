package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.world.ListeningSocket;

/**
 * One TCP connection's state in one node: enough of RFC 793 for a handshake, one request and its
 * response, and an orderly close. Mutable: it is the socket's state.
 */
public final class TcpConnection implements TcpStack.AddressPair {
    /** Which side opened it. */
    public enum Role { CLIENT, SERVER }

    /** The states this small stack passes through. */
    public enum State { SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, CLOSED }

    final Role role;
    final Ipv4Address localAddress;
    final int localPort;
    final Ipv4Address remoteAddress;
    final int remotePort;
    final String process;
    /** For a client: the request it sends once connected; for a server: the response it answers with. */
    final String payload;
    /** For a connection a proxy accepted: where the proxy relays it; else null. */
    final ListeningSocket.Relay relay;
    State state;
    long sendNext;
    long receiveNext;
    /**
     * A proxy's other connection for the same client: the backend connection of an accepted one, and the accepted
     * one of a backend connection; null for any other connection.
     */
    TcpConnection peer;
    /** An accepted connection's bytes the proxy has not copied yet (its backend connection is not up), or null. */
    String unread;
    /** The MSS the peer announced in its SYN or SYN-ACK (after any TCPMSS on the way); 536 when it announced none. */
    int peerMss = TcpStack.DEFAULT_MSS;
    /** Data received without PSH, which the program reads with the segment that has it: bytes, and the first line. */
    int queued;
    String queuedFirstLine;
    /**
     * The path MTU this side's segments were cut for (icsk_pmtu_cookie), set by each write; 0 before the first: an ICMP
     * fragmentation needed below it makes the connection send the segments now too big again.
     */
    int pathMtu;
    /**
     * Data segments sent and not acknowledged yet, in sequence order: what a lowered path MTU sends again. Null until
     * the first (a replay can keep a million connections that never send data).
     */
    private java.util.List<Sent> unacked;
    /** Segments received after a gap, by sequence number (the kernel's out-of-order queue); null while empty. */
    private java.util.Map<Long, io.bridgelab.netfilter.packet.TcpSegment> outOfOrder;

    /** The data segments sent and not acknowledged, in sequence order. */
    java.util.List<Sent> unacked() {
        return unacked == null ? java.util.List.of() : unacked;
    }

    /** Replaces the unacknowledged segments (path MTU discovery cut them again). */
    void unacked(java.util.List<Sent> segments) {
        unacked = new java.util.ArrayList<>(segments);
    }

    void sent(Sent segment) {
        if (unacked == null) {
            unacked = new java.util.ArrayList<>();
        }
        unacked.add(segment);
    }

    /** The peer acknowledged everything before {@code ack}. */
    void acknowledged(long ack) {
        if (unacked != null) {
            unacked.removeIf(sent -> sent.end() <= ack);
        }
    }

    /** Keeps a segment that came after a gap. */
    void holdOutOfOrder(io.bridgelab.netfilter.packet.TcpSegment segment) {
        if (outOfOrder == null) {
            outOfOrder = new java.util.HashMap<>();
        }
        outOfOrder.put(segment.sequence(), segment);
    }

    /** The held segment that starts at {@code sequence}, taken out of the queue; null when there is none. */
    io.bridgelab.netfilter.packet.TcpSegment takeOutOfOrder(long sequence) {
        return outOfOrder == null ? null : outOfOrder.remove(sequence);
    }

    /** A data segment sent: where it starts, what it carries, and its flags (PSH on a write's last). */
    record Sent(long sequence, String data, int flags) {
        long end() {
            return sequence + data.length();
        }
    }
    /** This side sent its FIN; and the peer acknowledged it (for ss: FIN-WAIT-1 or -2, CLOSE-WAIT or LAST-ACK). */
    boolean finSent;
    boolean finAcknowledged;

    TcpConnection(Role role, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress, int remotePort,
                  String process, String payload, State state, long sendNext, long receiveNext) {
        this(role, localAddress, localPort, remoteAddress, remotePort, process, payload, null, state, sendNext,
                receiveNext);
    }

    TcpConnection(Role role, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress, int remotePort,
                  String process, String payload, ListeningSocket.Relay relay, State state, long sendNext,
                  long receiveNext) {
        this.role = role;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.process = process;
        this.payload = payload;
        this.relay = relay;
        this.state = state;
        this.sendNext = sendNext;
        this.receiveNext = receiveNext;
    }

    @Override
    public Ipv4Address local() {
        return localAddress;
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public Ipv4Address remote() {
        return remoteAddress;
    }

    @Override
    public int remotePort() {
        return remotePort;
    }

    public State state() {
        return state;
    }

    public Role role() {
        return role;
    }

    /** The state as the kernel names it (ss's column): the small state machine's states told apart by the FINs. */
    public String kernelState() {
        return switch (state) {
            case SYN_SENT -> "SYN-SENT";
            case SYN_RECV -> "SYN-RECV";
            case ESTABLISHED -> "ESTAB";
            case FIN_WAIT -> finAcknowledged ? "FIN-WAIT-2" : "FIN-WAIT-1";
            case CLOSE_WAIT -> finSent ? "LAST-ACK" : "CLOSE-WAIT";
            // Kept after both FINs only by the side that closed first: the kernel's TIME_WAIT.
            case CLOSED -> "TIME-WAIT";
        };
    }

    /** Who owns the socket: its program (a proxy's connections are the proxy's), or null when not known. */
    public String process() {
        return process;
    }
}
