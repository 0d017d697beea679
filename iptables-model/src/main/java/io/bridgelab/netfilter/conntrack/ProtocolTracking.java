package io.bridgelab.netfilter.conntrack;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;

/**
 * The per-protocol part of {@code nf_conntrack_in}: whether a packet may create a connection
 * ({@code tcp_new}, {@code icmp_new}) and how a packet moves its connection's state and timeout
 * ({@code nf_conntrack_tcp_packet}, {@code _udp_packet}, {@code _icmp_packet}, generic).
 */
final class ProtocolTracking {
    /** What a packet did to its connection. */
    enum Outcome { ACCEPT, INVALID, KILL }

    /** UDP: a connection still active this long after its first packet counts as a stream. */
    private static final long UDP_STREAM_DELAY_MILLIS = 2000;

    private ProtocolTracking() {
    }

    static boolean mayCreate(Packet packet) {
        Transport t = packet.transport();
        if (t instanceof TcpSegment tcp) {
            // nf_conntrack_tcp_loose=1 (the default): an ACK without SYN picks up a connection mid-stream.
            return TcpStateMachine.validFlags(tcp.flags())
                    && TcpStateMachine.step(TcpState.NONE, Direction.ORIGINAL, tcp.flags()).kind()
                    == TcpStateMachine.Kind.MOVE;
        }
        if (t instanceof IcmpMessage icmp) {
            return IcmpTypes.startsConnection(icmp.type());
        }
        return true;
    }

    static Outcome packet(Connection c, Direction dir, Packet packet, long now, Timeouts timeouts) {
        Transport t = packet.transport();
        if (t instanceof TcpSegment tcp) {
            return tcp(c, dir, tcp.flags(), now, timeouts);
        }
        if (t instanceof UdpDatagram) {
            return udp(c, now, timeouts);
        }
        if (t instanceof IcmpMessage) {
            c.refresh(now, timeouts.icmp());
            return Outcome.ACCEPT;
        }
        c.refresh(now, timeouts.generic());
        return Outcome.ACCEPT;
    }

    private static Outcome udp(Connection c, long now, Timeouts timeouts) {
        if (!c.isConfirmed()) {
            c.setUdpStreamAtMillis(now + UDP_STREAM_DELAY_MILLIS);
        }
        if (c.has(Status.SEEN_REPLY)) {
            // Traffic both ways: the reply itself (SEEN_REPLY is set after this) still gets the short
            // timeout; only a packet more than 2 s after the first makes it a stream (ASSURED, 120 s).
            if (now > c.udpStreamAtMillis()) {
                c.refresh(now, timeouts.udpReplied());
                c.set(Status.ASSURED);
            } else {
                c.refresh(now, timeouts.udpUnreplied());
            }
        } else {
            c.refresh(now, timeouts.udpUnreplied());
        }
        return Outcome.ACCEPT;
    }

    private static Outcome tcp(Connection c, Direction dir, int flags, long now, Timeouts timeouts) {
        if (!TcpStateMachine.validFlags(flags)) {
            return Outcome.INVALID;
        }
        TcpState old = c.tcpState();
        TcpStateMachine.Step step = TcpStateMachine.step(old, dir, flags);
        if (step.kind() == TcpStateMachine.Kind.INVALID) {
            return Outcome.INVALID;
        }
        if (step.kind() == TcpStateMachine.Kind.IGNORE) {
            return Outcome.ACCEPT;
        }
        TcpState next = step.next();
        c.setTcpState(next);
        int timeout = TcpStateMachine.isRst(flags) ? timeouts.tcp(TcpState.CLOSE) : timeouts.tcp(next);
        if (!c.has(Status.SEEN_REPLY)) {
            // "If only reply is a RST, we can consider ourselves not to have an established connection."
            if (TcpStateMachine.isRst(flags)) {
                return Outcome.KILL;
            }
            // Mid-stream pickup without a reply yet: avoid the 5-day ESTABLISHED timeout.
            if (next == TcpState.ESTABLISHED && timeout > timeouts.tcpUnacknowledged()) {
                timeout = timeouts.tcpUnacknowledged();
            }
        } else if (!c.has(Status.ASSURED) && (old == TcpState.SYN_RECV || old == TcpState.ESTABLISHED)
                && next == TcpState.ESTABLISHED) {
            c.set(Status.ASSURED);
        }
        c.refresh(now, timeout);
        return Outcome.ACCEPT;
    }

    /** A SYN in TIME_WAIT or CLOSE reopens: the kernel kills the old entry and tracks the SYN afresh. */
    static boolean reopens(Connection c, Direction dir, Packet packet) {
        if (packet.transport() instanceof TcpSegment tcp && dir == Direction.ORIGINAL) {
            TcpStateMachine.Step step = TcpStateMachine.step(c.tcpState(), dir, tcp.flags());
            return step.kind() == TcpStateMachine.Kind.MOVE && step.next() == TcpState.SYN_SENT
                    && (c.tcpState() == TcpState.TIME_WAIT || c.tcpState() == TcpState.CLOSE);
        }
        return false;
    }
}
