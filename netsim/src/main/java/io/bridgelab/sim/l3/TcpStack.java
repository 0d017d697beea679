package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.collect.ProbingMap;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.ListeningSocket;

/**
 * A node's TCP: the kernel's answers (SYN-ACK from a listening socket, RST when nothing listens) and
 * the two programs of a tiny HTTP exchange (a client like curl, a server like nginx). Initial
 * sequence numbers are fixed so that traces are reproducible.
 */
public final class TcpStack {
    /** The client's initial sequence number. */
    public static final long CLIENT_ISN = 1_000_000;
    /** The server's initial sequence number. */
    public static final long SERVER_ISN = 5_000_000;
    /** The client's source port (Linux would pick one in 32768..60999). */
    public static final int CLIENT_PORT = 43_210;
    /** How long a program takes to act once the kernel woke it up. */
    public static final long APP_DELAY_NANOS = 20_000;
    /** The MSS a peer that announced none gets (TCP_MSS_DEFAULT, RFC 1122). */
    public static final int DEFAULT_MSS = 536;
    /** The largest MSS a route gives (dst_metric_advmss: IP_MAX_MTU less 40) and the smallest (ip_rt_min_advmss). */
    static final int MAX_ADVMSS = 65_535 - 40;
    static final int MIN_ADVMSS = 256;

    /** A socket's address pair: what a received segment is matched by. */
    interface AddressPair {
        Ipv4Address local();

        int localPort();

        Ipv4Address remote();

        int remotePort();
    }

    /** A received segment's address pair, as it asks for its connection. */
    private record Key(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort) implements AddressPair {
    }

    /** Pairs are the same by their four values, whether a connection's own or a segment's {@link Key}. */
    private static final ProbingMap.Equivalence<AddressPair> BY_ADDRESSES = new ProbingMap.Equivalence<>() {
        @Override
        public int hash(AddressPair p) {
            return ((p.local().bits() * 31 + p.localPort()) * 31 + p.remote().bits()) * 31 + p.remotePort();
        }

        @Override
        public boolean same(AddressPair stored, AddressPair asked) {
            return stored.localPort() == asked.localPort() && stored.remotePort() == asked.remotePort()
                    && stored.local().bits() == asked.local().bits() && stored.remote().bits() == asked.remote().bits();
        }
    };

    /**
     * The node's connections, each its own key (a listening node keeps one per SYN it answered: a key object and a
     * hash map node each were a third of what a replay that keeps every connection copied in its collections).
     */
    private final ProbingMap<AddressPair, TcpConnection> connections = new ProbingMap<>(BY_ADDRESSES);
    private final TcpRelay relay = new TcpRelay(this);

    /** Adds a connection this node opened (a proxy's to its backend). */
    void add(TcpConnection c) {
        connections.put(c, c);
    }

    /** The node's connections (those it reset or closed to the end are gone), in no particular order. */
    public java.util.List<TcpConnection> connections() {
        return connections.values();
    }

    /** Forgets a connection the node reset. */
    void remove(TcpConnection c) {
        connections.remove(c);
    }

    /** The client opens a connection: SYN from {@code source} to {@code destination:port}. */
    public void connect(Engine e, NodeRuntime n, Ipv4Address source, Ipv4Address destination, int port,
                        String process, String request) {
        TcpConnection c = new TcpConnection(TcpConnection.Role.CLIENT, source, CLIENT_PORT, destination, port, process,
                request, TcpConnection.State.SYN_SENT, CLIENT_ISN + 1, 0);
        connections.put(c, c);
        send(e, n, c, CLIENT_ISN, 0, TcpFlags.SYN, null, process + " (connect)");
    }

    /** The connection this node has for the 4-tuple, or null. */
    public TcpConnection find(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort) {
        // A node that only answers RST holds no connection: no key to make for every segment it gets.
        if (connections.size() == 0) {
            return null;
        }
        return connections.get(new Key(local, localPort, remote, remotePort));
    }

    /** A segment for this node passed INPUT. */
    public void receive(Engine e, NodeRuntime n, Ipv4Header ip, TcpSegment seg, int trace) {
        TcpConnection c = find(ip.destination(), seg.destinationPort(), ip.source(), seg.sourcePort());
        if (c == null) {
            noConnection(e, n, ip, seg, trace);
            return;
        }
        int len = seg.payload().length();
        if (c.finSent && seg.has(TcpFlags.ACK) && seg.acknowledgement() == c.sendNext) {
            c.finAcknowledged = true;
        }
        if (seg.has(TcpFlags.ACK)) {
            c.acknowledged(seg.acknowledgement());
        }
        boolean backend = c.peer != null && c.role == TcpConnection.Role.CLIENT;
        if (seg.has(TcpFlags.RST)) {
            connections.remove(c);
            deliver(e, n, trace, owner(c) + (c.state == TcpConnection.State.SYN_SENT
                    ? ": connect() fails: connection refused (ECONNREFUSED)"
                    : ": connection reset by peer (ECONNRESET)"), false);
            if (backend) {
                relay.backendRefused(e, n, c);
            }
            return;
        }
        if (c.state == TcpConnection.State.SYN_SENT && seg.has(TcpFlags.SYN | TcpFlags.ACK)) {
            c.receiveNext = seg.sequence() + 1;
            c.peerMss = peerMss(seg);
            c.state = TcpConnection.State.ESTABLISHED;
            deliver(e, n, trace, owner(c) + ": connect() returns, connection established", true);
            send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.ACK, null, "kernel (handshake ACK)");
            if (backend) {
                relay.backendUp(e, n, c);
            } else {
                e.events().after(APP_DELAY_NANOS, () -> sendData(e, n, c, c.payload, owner(c) + " (request)"));
            }
            return;
        }
        long expected = c.receiveNext & 0xffff_ffffL;
        if ((len > 0 || seg.has(TcpFlags.FIN)) && seg.sequence() != expected
                && c.state != TcpConnection.State.SYN_SENT) {
            // Sequence numbers wrap at 2^32: "ahead" as the kernel's after() reads it.
            boolean ahead = (int) (seg.sequence() - expected) > 0;
            if (ahead && len > 0 && !seg.has(TcpFlags.FIN)) {
                // After a gap (a segment before it was lost on the way): the kernel keeps it in the out-of-order
                // queue, to be read once the gap is filled, and acknowledges what it has: a duplicate ACK
                // (tcp_data_queue_ofo). The program reads nothing yet.
                c.holdOutOfOrder(seg);
            }
            deliver(e, n, trace, ahead ? "kernel: out of order (seq " + seg.sequence() + ", expected " + expected
                    + "): held until the gap is filled, duplicate ACK" : "kernel: data received before (seq "
                    + seg.sequence() + ", expected " + expected + "), acknowledged again", true);
            send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.ACK, null, "kernel (duplicate ACK)");
            return;
        }
        if (seg.has(TcpFlags.FIN)) {
            c.receiveNext = seg.sequence() + len + 1;
            if (c.state == TcpConnection.State.FIN_WAIT) {
                c.state = TcpConnection.State.CLOSED;
                deliver(e, n, trace, owner(c) + ": peer closed too; connection done (TIME_WAIT)", true);
                send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.ACK, null, "kernel (ACK of the FIN)");
                if (backend) {
                    relay.backendClosed(e, n, c);
                }
            } else if (c.relay != null) {
                c.state = TcpConnection.State.CLOSE_WAIT;
                deliver(e, n, trace, relay.clientClosed(e, n, c), true);
            } else {
                c.state = TcpConnection.State.CLOSE_WAIT;
                deliver(e, n, trace, owner(c) + ": read() returns 0 (peer closed); it closes too", true);
                e.events().after(APP_DELAY_NANOS, () -> {
                    send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.FIN | TcpFlags.ACK, null, owner(c) + " (close)");
                    c.sendNext++;
                });
            }
            return;
        }
        if (len == 0) {
            if (c.state == TcpConnection.State.SYN_RECV) {
                accepted(e, n, c, trace, true);
            } else if (c.state == TcpConnection.State.CLOSE_WAIT) {
                c.state = TcpConnection.State.CLOSED;
                connections.remove(c);
                deliver(e, n, trace, owner(c) + ": last ACK, connection closed", true);
            } else {
                deliver(e, n, trace, owner(c) + ": ACK of data sent", true);
            }
            return;
        }
        c.receiveNext = seg.sequence() + len;
        if (c.state == TcpConnection.State.SYN_RECV) {
            // The data's ACK completes the handshake: the trace tells of the data.
            accepted(e, n, c, trace, false);
        }
        String first = firstLine(seg);
        if (c.relay != null || backend) {
            String data = new String(seg.payload().toArray(), java.nio.charset.StandardCharsets.US_ASCII);
            String then = c.relay != null ? relay.fromClient(e, n, c, data) : relay.fromBackend(e, n, c, data);
            deliver(e, n, trace, owner(c) + "'s connection " + (c.relay != null ? "from the client" : "to "
                    + c.remoteAddress + ":" + c.remotePort) + ": " + len + " bytes (" + first + ") " + then, true);
            return;
        }
        boolean push = seg.has(TcpFlags.PSH);
        String filled = "";
        TcpSegment held;
        while ((held = c.takeOutOfOrder(c.receiveNext & 0xffff_ffffL)) != null) {
            // The gap is filled: what waited in the out-of-order queue is in order now (tcp_ofo_queue).
            int heldLen = held.payload().length();
            len += heldLen;
            c.receiveNext += heldLen;
            push |= held.has(TcpFlags.PSH);
            filled = " (with " + heldLen + " bytes held out of order)";
        }
        if (!push) {
            // More of the same write follows (the sender sets PSH on its last segment): the kernel queues it and
            // acknowledges at once (quick ACKs at a connection's start); the program reads when the rest is in.
            if (c.queued == 0) {
                c.queuedFirstLine = first;
            }
            c.queued += len;
            deliver(e, n, trace, "kernel: " + len + " bytes queued for " + owner(c) + filled
                    + " (no PSH: more follows)", true);
            send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.ACK, null, "kernel (ACK of the data)");
            return;
        }
        if (c.queued > 0) {
            len += c.queued;
            first = c.queuedFirstLine;
            c.queued = 0;
        }
        if (c.role == TcpConnection.Role.SERVER) {
            deliver(e, n, trace, owner(c) + " reads " + len + " bytes" + filled + ": " + first, true);
            e.events().after(APP_DELAY_NANOS, () -> sendData(e, n, c, c.payload, owner(c) + " (response)"));
        } else {
            deliver(e, n, trace, owner(c) + " reads " + len + " bytes" + filled + ": " + first, true);
            send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.ACK, null, "kernel (ACK of the data)");
            e.events().after(APP_DELAY_NANOS, () -> {
                c.state = TcpConnection.State.FIN_WAIT;
                send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.FIN | TcpFlags.ACK, null, owner(c) + " (close)");
                c.sendNext++;
            });
        }
    }

    /** The handshake of a connection to a listening socket completed: accept() returns it (a proxy relays it). */
    private void accepted(Engine e, NodeRuntime n, TcpConnection c, int trace, boolean say) {
        c.state = TcpConnection.State.ESTABLISHED;
        if (say) {
            deliver(e, n, trace, "tcp " + c.localAddress + ":" + c.localPort
                    + (c.process == null ? "" : " (" + c.process + ")") + ": handshake complete, accept() returns the"
                    + " connection" + (c.relay == null ? "" : "; " + owner(c) + " connects to " + c.relay), true);
        }
        if (c.relay != null) {
            relay.accepted(e, n, c);
        }
    }

    private void noConnection(Engine e, NodeRuntime n, Ipv4Header ip, TcpSegment seg, int trace) {
        ListeningSocket socket = n.node().socketFor(IpProtocol.TCP, ip.destination(), seg.destinationPort());
        if (socket != null && seg.flags() == TcpFlags.SYN) {
            TcpConnection c = new TcpConnection(TcpConnection.Role.SERVER, ip.destination(), seg.destinationPort(),
                    ip.source(), seg.sourcePort(), socket.process(), socket.response(), socket.relay(),
                    TcpConnection.State.SYN_RECV, SERVER_ISN + 1, seg.sequence() + 1);
            c.peerMss = peerMss(seg);
            connections.put(c, c);
            if (e.tracing()) {
                deliver(e, n, trace, "listening socket " + socket + ": SYN queued, the kernel answers SYN-ACK", true);
            }
            send(e, n, c, SERVER_ISN, c.receiveNext, TcpFlags.SYN | TcpFlags.ACK, null, "kernel (SYN-ACK)");
            return;
        }
        if (seg.has(TcpFlags.RST)) {
            deliver(e, n, trace, "kernel: RST for no connection, ignored", true);
            return;
        }
        if (e.tracing()) {
            String what = socket == null ? "no socket listening on tcp " + ip.destination() + ":"
                    + seg.destinationPort() : "no connection for this segment";
            deliver(e, n, trace, what + ": the kernel answers RST", false);
        }
        e.sendLocal(n, Datagrams.resetAnswering(ip, seg), "kernel (RST)");
    }

    /**
     * Who acts on the connection in the trace: the socket's process, or "the program" for a listening
     * socket a scenario file gave no {@code process}.
     */
    static String owner(TcpConnection c) {
        return c.process != null ? c.process : "the program";
    }

    /**
     * One write of {@code data}: cut into segments of the connection's MSS ({@link #sendMss}), sent back to back, the
     * last with PSH (tcp_push), as the kernel sends a write the window takes whole.
     */
    static void sendData(Engine e, NodeRuntime n, TcpConnection c, String data, String by) {
        if (data == null || data.isEmpty()) {
            return;
        }
        // The path MTU these segments are cut for (tcp_sync_mss keeps it in icsk_pmtu_cookie).
        c.pathMtu = n.mtuTo(c.remoteAddress);
        int mss = sendMss(n, c);
        int segments = (data.length() + mss - 1) / mss;
        if (segments > 1) {
            e.segmented(2 * (segments - 1));
        }
        for (int k = 0; k < segments; k++) {
            String part = data.substring(k * mss, Math.min(data.length(), (k + 1) * mss));
            int flags = k == segments - 1 ? TcpFlags.PSH | TcpFlags.ACK : TcpFlags.ACK;
            c.sent(new TcpConnection.Sent(c.sendNext, part, flags));
            send(e, n, c, c.sendNext, c.receiveNext, flags, part,
                    segments == 1 ? by : by + ", segment " + (k + 1) + " of " + segments);
            c.sendNext += part.length();
        }
    }

    /**
     * The most data one segment carries: the peer's MSS, and no more than the way out's MTU less 40 (tcp_current_mss:
     * the path MTU's MSS, clamped by what the peer announced).
     */
    static int sendMss(NodeRuntime n, TcpConnection c) {
        int mtu = n.mtuTo(c.remoteAddress);
        return mtu <= 40 ? c.peerMss : Math.min(c.peerMss, mtu - 40);
    }

    /**
     * The MSS this node announces in a SYN or SYN-ACK to {@code peer}: the MTU of its way there less 40
     * (dst_metric_advmss, ipv4_default_advmss: 1460 on an Ethernet of 1500, 65495 on lo, a learnt path MTU's less 40
     * after an ICMP fragmentation needed), at least 256.
     */
    static int advertisedMss(NodeRuntime n, Ipv4Address peer) {
        int mtu = n.mtuTo(peer);
        return mtu <= 0 ? DEFAULT_MSS : Math.max(MIN_ADVMSS, Math.min(MAX_ADVMSS, mtu - 40));
    }

    /** What a received SYN or SYN-ACK announces (tcp_parse_options), or the default when it carries no MSS. */
    private static int peerMss(TcpSegment seg) {
        int mss = seg.mss();
        return mss > 0 ? mss : DEFAULT_MSS;
    }

    /**
     * Sends one segment of the connection; a SYN or SYN-ACK carries the MSS option. (Linux adds SACK-permitted,
     * timestamps and window scaling, whose values come from sysctls and a per-boot secret: not simulated.)
     */
    static void send(Engine e, NodeRuntime n, TcpConnection c, long seq, long ack, int flags, String data,
                     String by) {
        if ((flags & TcpFlags.FIN) != 0) {
            c.finSent = true;
        }
        Bytes options = (flags & TcpFlags.SYN) != 0 ? Datagrams.mssOption(advertisedMss(n, c.remoteAddress))
                : Bytes.EMPTY;
        TcpSegment seg = Datagrams.tcp(c.localAddress, c.remoteAddress, c.localPort, c.remotePort, seq, ack, flags,
                options, data);
        e.sendLocal(n, Datagrams.of(c.localAddress, c.remoteAddress, n.nextIpId(), true, seg), by, true);
    }

    private static void deliver(Engine e, NodeRuntime n, int trace, String to, boolean accepted) {
        e.step(trace, new TraceStep.Delivered(n.name(), to, accepted));
    }

    private static String firstLine(TcpSegment seg) {
        byte[] b = seg.payload().toArray();
        int end = 0;
        while (end < b.length && b[end] != '\r' && b[end] != '\n') {
            end++;
        }
        return new String(b, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
