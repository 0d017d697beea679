package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.trace.TraceStep;
import io.bridgelab.sim.world.ListeningSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A UDP proxy's part of a node: what docker-proxy (libnetwork's cmd/proxy, udp_proxy.go, Docker 20.10) does with
 * the datagrams its listening socket reads. It keeps a table by client address. For a client it has no entry for,
 * it dials the backend ({@code net.DialUDP}: a socket of its own, connected to the backend, on an ephemeral port,
 * its source address the route's) and starts a reply loop; it writes each of the client's datagrams to that
 * socket. The reply loop writes each datagram the backend answers with from the listening socket back to the
 * client ({@code WriteToUDP}: an unconnected send, so the source address is the route's to the client, not
 * necessarily the one the client sent to). The loop reads with a deadline of 90 s, renewed after each answer;
 * once it passes, the entry and its socket are gone and the client's next datagram dials anew. An ICMP port
 * unreachable for the backend socket makes its read fail with ECONNREFUSED, which the loop ignores without
 * renewing the deadline: the client hears nothing.
 */
public final class UdpRelay {
    /** udp_proxy.go's UDPConnTrackTimeout. */
    public static final long TIMEOUT_NANOS = 90_000_000_000L;
    /** The packets each relayed datagram adds to an exchange: its copy to the backend and the copy of the answer. */
    public static final int PACKETS = 2;
    /** The port the proxy's first backend socket gets; the next ones count up in Linux's ephemeral range. */
    static final int FIRST_PORT = 47_391;

    /** A client of one listening socket, as the proxy's table keys it. */
    private record Client(ListeningSocket socket, Ipv4Address address, int port) {
    }

    /** The proxy's connected socket to the backend: its local address and port, the backend being the remote. */
    private record Local(Ipv4Address address, int port) {
    }

    /** One client's entry: the backend socket and when its reply loop's read deadline passes. */
    private static final class Entry {
        final Client client;
        final Local local;
        long deadline;

        Entry(Client client, Local local, long deadline) {
            this.client = client;
            this.local = local;
            this.deadline = deadline;
        }

        Ipv4Address backend() {
            return client.socket.relay().address();
        }

        int backendPort() {
            return client.socket.relay().port();
        }
    }

    private final Map<Client, Entry> byClient = new HashMap<>();
    private final Map<Local, Entry> byLocal = new LinkedHashMap<>();
    private int nextPort = FIRST_PORT;

    /** Whether {@code socket} is a UDP proxy's listening socket. */
    public static boolean relays(ListeningSocket socket) {
        return socket.relay() != null && socket.protocol() == IpProtocol.UDP;
    }

    /** The proxy's listening socket read {@code udp} from the client {@code ip.source()}: it writes it on. */
    public void fromClient(Engine e, NodeRuntime n, ListeningSocket socket, Ipv4Header ip, UdpDatagram udp,
                           int trace) {
        Client client = new Client(socket, ip.source(), udp.sourcePort());
        Entry entry = live(byClient.get(client), e.now());
        String read = "socket " + socket + " reads " + udp.payload().length() + " bytes from " + ip.source() + ":"
                + udp.sourcePort();
        if (entry == null) {
            Ipv4Address source;
            try {
                source = IpOutput.sourceFor(n, socket.relay().address());
            } catch (IllegalArgumentException unroutable) {
                // DialUDP fails: the proxy logs "Can't proxy a datagram to udp/..." and drops the datagram.
                e.step(trace, new TraceStep.Delivered(n.name(), read + "; " + socket.owner() + " can't proxy it to udp/"
                        + socket.relay() + " (" + unroutable.getMessage() + "): dropped", false));
                return;
            }
            entry = new Entry(client, new Local(source, nextPort), e.now() + TIMEOUT_NANOS);
            nextPort = EphemeralPorts.after(nextPort);
            byClient.put(client, entry);
            byLocal.put(entry.local, entry);
            read += "; a new client: " + socket.owner() + " dials " + socket.relay() + " from " + source + ":"
                    + entry.local.port() + " and writes the datagram there";
        } else {
            read += "; " + socket.owner() + " writes it to its socket " + entry.local.address() + ":"
                    + entry.local.port() + " to " + socket.relay();
        }
        e.step(trace, new TraceStep.Delivered(n.name(), read, true));
        e.relaying(PACKETS);
        Entry to = entry;
        Bytes data = udp.payload();
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> send(e, n, to.local.address(), to.backend(),
                to.local.port(), to.backendPort(), data, socket.owner() + " (copy to " + socket.relay() + ")"));
    }

    /**
     * A datagram for a live backend socket of a proxy (connected: it takes only its backend's datagrams) is the
     * backend's answer: the reply loop writes it to the client. False, and nothing done, when it is for none.
     */
    public boolean fromBackend(Engine e, NodeRuntime n, Ipv4Header ip, UdpDatagram udp, int trace) {
        Entry entry = connected(ip.destination(), udp.destinationPort(), ip.source(), udp.sourcePort(), e.now());
        if (entry == null) {
            return false;
        }
        ListeningSocket socket = entry.client.socket();
        entry.deadline = e.now() + TIMEOUT_NANOS;
        Ipv4Address client = entry.client.address();
        Ipv4Address source;
        try {
            source = socket.address().equals(Ipv4Address.ANY) ? IpOutput.sourceFor(n, client) : socket.address();
        } catch (IllegalArgumentException unroutable) {
            // WriteToUDP fails: the reply loop returns, closing its socket and forgetting the client.
            byClient.remove(entry.client);
            byLocal.remove(entry.local);
            e.step(trace, new TraceStep.Delivered(n.name(), socket.owner() + "'s socket " + ip.destination() + ":"
                    + udp.destinationPort() + " reads " + udp.payload().length() + " bytes but cannot write them to "
                    + client + " (" + unroutable.getMessage() + "): its reply loop ends, the client is forgotten",
                    false));
            return true;
        }
        e.step(trace, new TraceStep.Delivered(n.name(), socket.owner() + "'s socket " + ip.destination() + ":"
                + udp.destinationPort() + " (connected to " + socket.relay() + ") reads " + udp.payload().length()
                + " bytes; it writes them to the client " + client + ":" + entry.client.port()
                + " from its listening socket", true));
        Bytes data = udp.payload();
        e.events().after(TcpStack.APP_DELAY_NANOS, () -> send(e, n, source, client, socket.port(),
                entry.client.port(), data, socket.owner() + " (copy to the client " + client + ":"
                        + entry.client.port() + ")"));
        return true;
    }

    /**
     * What the proxy does with an ICMP error about a datagram from {@code local:localPort} to
     * {@code remote:remotePort}; null when that is not a live backend socket's.
     */
    public String icmpError(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort, long now) {
        Entry entry = connected(local, localPort, remote, remotePort, now);
        return entry == null ? null : entry.client.socket().owner() + "'s socket to " + entry.client.socket().relay()
                + ": read() fails with ECONNREFUSED, and its reply loop reads again (the client hears nothing)";
    }

    /** A proxy's live socket to its backend, as ss lists it. */
    public record BackendSocket(Ipv4Address local, int localPort, ListeningSocket.Relay backend,
                                ListeningSocket listening) {
    }

    /** The proxies' sockets to their backends whose reply loops still run at {@code now}, in the order dialled. */
    public List<BackendSocket> backendSockets(long now) {
        List<BackendSocket> out = new ArrayList<>();
        for (Entry e : byLocal.values()) {
            if (now < e.deadline) {
                out.add(new BackendSocket(e.local.address(), e.local.port(), e.client.socket().relay(),
                        e.client.socket()));
            }
        }
        return out;
    }

    /** The live backend socket bound to {@code local:localPort} and connected to {@code remote:remotePort}, or null. */
    private Entry connected(Ipv4Address local, int localPort, Ipv4Address remote, int remotePort, long now) {
        if (byLocal.isEmpty()) {
            return null;
        }
        Entry entry = live(byLocal.get(new Local(local, localPort)), now);
        return entry != null && entry.backend().equals(remote) && entry.backendPort() == remotePort ? entry : null;
    }

    /** {@code entry} if its reply loop still runs at {@code now}; else forgets it (the loop closed its socket). */
    private Entry live(Entry entry, long now) {
        if (entry != null && now >= entry.deadline) {
            byClient.remove(entry.client);
            byLocal.remove(entry.local);
            return null;
        }
        return entry;
    }

    private static void send(Engine e, NodeRuntime n, Ipv4Address from, Ipv4Address to, int fromPort, int toPort,
                             Bytes data, String by) {
        UdpDatagram datagram = Datagrams.udp(fromPort, toPort, data);
        e.sendLocal(n, Datagrams.of(from, to, n.nextIpId(), IpOutput.dontFragment(n, to, 20 + datagram.length()),
                datagram), by, true);
    }
}
