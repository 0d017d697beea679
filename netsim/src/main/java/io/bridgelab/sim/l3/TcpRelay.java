package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;

import static io.bridgelab.sim.l3.TcpStack.owner;

/**
 * A TCP proxy's part of a node's TCP: what docker-proxy (libnetwork's cmd/proxy, tcp_proxy.go) does with each
 * connection it accepts. It connects to its backend at once ({@code net.DialTCP}); once that connection is up, it
 * copies the bytes both ways ({@code io.Copy} in two goroutines); when one side closes, it shuts the other side's
 * writing down ({@code CloseWrite}: a FIN), so the client's close reaches the container and the container's
 * close comes back to the client. If the backend refuses, it closes the client's connection (a reset when the
 * client's request already waits unread in the socket).
 *
 * <p>Measured in the docker-host kernel scenario (test1 fetching the host's published port, its captures on
 * docker0): the client's handshake, then docker-proxy's own handshake from 172.17.0.1 to the container, the
 * request ACKed by the host's kernel and copied, the container's answer ACKed and copied back, and the FINs passed
 * on one connection after the other.
 */
final class TcpRelay {
    /**
     * The packets a connection relayed adds to an HTTP exchange, up to the answer reaching the client: the proxy's
     * handshake with its backend (3), its kernel's ACKs of the request and of the answer (2), and its copies of both
     * (2).
     */
    public static final int PACKETS = 7;
    /** The port the proxy's first backend connection gets; the next ones count up in Linux's ephemeral range. */
    static final int FIRST_PORT = 39_522;
    /** The initial sequence number of the proxy's backend connections (fixed, as every ISN here). */
    static final long ISN = 3_000_000;

    private final TcpStack tcp;
    private int nextPort = FIRST_PORT;

    TcpRelay(TcpStack tcp) {
        this.tcp = tcp;
    }

    /** The proxy accepted {@code front}: it connects to the backend (after it woke up). */
    void accepted(Engine e, NodeRuntime n, TcpConnection front) {
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> dial(e, n, front));
    }

    private void dial(Engine e, NodeRuntime n, TcpConnection front) {
        Ipv4Address to = front.relay.address();
        Ipv4Address source;
        try {
            source = IpOutput.sourceFor(n, to);
        } catch (IllegalArgumentException unroutable) {
            // DialTCP fails at once; the proxy logs "Can't forward traffic to backend" and closes the client.
            closeClient(e, n, front, "can't forward to " + front.relay + ", " + unroutable.getMessage());
            return;
        }
        TcpConnection back = new TcpConnection(TcpConnection.Role.CLIENT, source, nextPort, to,
                front.relay.port(), front.process, null, TcpConnection.State.SYN_SENT, ISN + 1, 0);
        nextPort = EphemeralPorts.after(nextPort);
        back.peer = front;
        front.peer = back;
        tcp.add(back);
        e.relaying(PACKETS);
        TcpStack.send(e, n, back, ISN, 0, TcpFlags.SYN, null, owner(front) + " (connect to its backend "
                + front.relay + ")");
    }

    /** The client sent {@code data} on {@code front}: the kernel ACKs it; the proxy copies it once it can. */
    String fromClient(Engine e, NodeRuntime n, TcpConnection front, String data) {
        TcpStack.send(e, n, front, front.sendNext, front.receiveNext, TcpFlags.ACK, null, "kernel (ACK of the data)");
        TcpConnection back = front.peer;
        if (back == null || back.state != TcpConnection.State.ESTABLISHED) {
            front.unread = front.unread == null ? data : front.unread + data;
            return "queued in the socket: " + owner(front) + " copies them once its connection to " + front.relay
                    + " is up";
        }
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> copy(e, n, back, data, front.relay.toString()));
        return "read and copied to " + front.relay;
    }

    /** The proxy's connection to the backend is up: what the client sent meanwhile goes, and its close too. */
    void backendUp(Engine e, NodeRuntime n, TcpConnection back) {
        TcpConnection front = back.peer;
        String unread = front.unread;
        front.unread = null;
        boolean clientClosed = front.state == TcpConnection.State.CLOSE_WAIT;
        if (unread != null || clientClosed) {
            e.events().after(TcpStack.APP_DELAY_NANOS, () -> {
                if (unread != null) {
                    copy(e, n, back, unread, front.relay.toString());
                }
                if (clientClosed) {
                    close(e, n, back, owner(back) + " (shuts down writing to " + front.relay + ": the client closed)");
                }
            });
        }
    }

    /** The backend sent {@code data} on {@code back}: the kernel ACKs it, the proxy copies it to the client. */
    String fromBackend(Engine e, NodeRuntime n, TcpConnection back, String data) {
        TcpStack.send(e, n, back, back.sendNext, back.receiveNext, TcpFlags.ACK, null, "kernel (ACK of the data)");
        TcpConnection front = back.peer;
        String client = "the client " + front.remoteAddress + ":" + front.remotePort;
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> copy(e, n, front, data, client));
        return "read and copied to " + client;
    }

    /** The client closed {@code front}: the proxy passes the close on to the backend (a FIN), if it is up. */
    String clientClosed(Engine e, NodeRuntime n, TcpConnection front) {
        TcpConnection back = front.peer;
        if (back == null || back.state != TcpConnection.State.ESTABLISHED) {
            return owner(front) + ": read() returns 0 (the client closed); the backend connection is not up yet";
        }
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> close(e, n, back, owner(back) + " (shuts down writing to "
                + front.relay + ": the client closed)"));
        return owner(front) + ": read() returns 0 (the client closed); it shuts down writing to " + front.relay;
    }

    /** The backend closed too after the proxy's FIN: the proxy closes the client's connection. */
    void backendClosed(Engine e, NodeRuntime n, TcpConnection back) {
        TcpConnection front = back.peer;
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> close(e, n, front, owner(front) + " (close: "
                + front.relay + " closed)"));
    }

    /** The backend refused the proxy's connection (RST): the proxy closes the client's connection. */
    void backendRefused(Engine e, NodeRuntime n, TcpConnection back) {
        TcpConnection front = back.peer;
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> closeClient(e, n, front, "can't forward to " + front.relay
                + ", connection refused"));
    }

    /**
     * The proxy gives the client's connection up ({@code client.Close()}): a FIN, or an RST when the client's bytes
     * still wait unread in the socket (tcp_close sends a reset then, and the connection is gone at once).
     */
    private void closeClient(Engine e, NodeRuntime n, TcpConnection front, String why) {
        if (front.unread == null) {
            close(e, n, front, owner(front) + " (close: " + why + ")");
            return;
        }
        tcp.remove(front);
        TcpStack.send(e, n, front, front.sendNext, front.receiveNext, TcpFlags.RST | TcpFlags.ACK, null, "kernel"
                + " (RST: " + owner(front) + " closed the connection with the request unread; " + why + ")");
    }

    private static void copy(Engine e, NodeRuntime n, TcpConnection to, String data, String where) {
        TcpStack.sendData(e, n, to, data, owner(to) + " (copy to " + where + ")");
    }

    /** A FIN on {@code c}: the proxy's CloseWrite or Close. */
    private static void close(Engine e, NodeRuntime n, TcpConnection c, String by) {
        TcpStack.send(e, n, c, c.sendNext, c.receiveNext, TcpFlags.FIN | TcpFlags.ACK, null, by);
        c.sendNext++;
        c.state = c.state == TcpConnection.State.CLOSE_WAIT ? TcpConnection.State.CLOSE_WAIT
                : TcpConnection.State.FIN_WAIT;
    }
}
