package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.pcap.print.ServiceNames;
import io.bridgelab.sim.engine.NodeRuntime;
import io.bridgelab.sim.l3.EphemeralPorts;
import io.bridgelab.sim.l3.TcpConnection;
import io.bridgelab.sim.l3.UdpRelay;
import io.bridgelab.sim.world.ListeningSocket;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ss -t|-u [-l|-a] [-n] [-p] [-H]} (iproute2 6.1): the node's sockets the simulation knows, in ss's columns
 * as it lays them out when its output is not a terminal (each column as wide as its widest field, a right-aligned
 * address before its left-aligned port). UDP before TCP, as ss asks the kernel; listening sockets in the node's order
 * before connections. The sockets: the programs' listening ones (LISTEN; UDP: UNCONN), TCP connections in the state
 * the traffic left them (ESTAB, FIN-WAIT-1, CLOSE-WAIT, LAST-ACK, TIME-WAIT for the side that closed first, ...),
 * the client's connected UDP socket and docker-proxy's UDP sockets to its containers (ESTAB).
 *
 * <p>Departures: the connections are listed sorted by address and port, where the kernel lists them in its hash
 * table's order; Recv-Q and Send-Q of a connection are 0 (the simulated programs read everything at once, and the
 * queues are not kept); {@code -p}'s pid and fd are the simulation's (a program per listening socket, numbered from 1
 * in the node's order, client programs after them; each program's sockets file descriptors from 3): a simulation has
 * no processes; ports are named, without
 * {@code -n}, from this machine's /etc/services, those in Linux's default ephemeral range (32768-60999) left as
 * numbers, as ss leaves them.
 */
final class SsRenderer {
    private SsRenderer() {
    }

    /**
     * One socket's fields, as ss prints them; {@code owner} the program instance holding it (a listening socket
     * stands for the program that opened it, whose other sockets name it too), null for none.
     */
    private record Row(String netid, String state, int recvQ, int sendQ, Ipv4Address local, int localPort,
                       Ipv4Address peer, int peerPort, ListeningSocket owner, boolean ipv6) {
        /** A row shown in its owner's family: IPv6 ({@code *}, IPv4-mapped addresses) for a dual-stack listener's. */
        Row(String netid, String state, int recvQ, int sendQ, Ipv4Address local, int localPort, Ipv4Address peer,
            int peerPort, ListeningSocket owner) {
            this(netid, state, recvQ, sendQ, local, localPort, peer, peerPort, owner,
                    owner != null && owner.dualStack());
        }
    }

    static ExecResult render(NodeState state, ShellCommand.Ss c) {
        NodeRuntime n = state.runtime();
        boolean listening = c.listening() || c.all();
        boolean connected = !c.listening() || c.all();
        List<Row> rows = new ArrayList<>();
        if (c.udp()) {
            if (listening) {
                for (ListeningSocket s : state.node().sockets()) {
                    if (s.protocol() == IpProtocol.UDP) {
                        rows.add(new Row("udp", "UNCONN", 0, 0, s.address(), s.port(), Ipv4Address.ANY, 0, s));
                    }
                }
            }
            if (connected) {
                List<Row> udp = new ArrayList<>();
                for (NodeRuntime.ConnectedSocket s : n.clientSockets()) {
                    if (s.socket().protocol() == IpProtocol.UDP) {
                        udp.add(new Row("udp", "ESTAB", 0, 0, s.socket().address(), s.socket().port(), s.remote(),
                                s.remotePort(), s.socket()));
                    }
                }
                for (UdpRelay.BackendSocket s : n.udpRelay().backendSockets(state.nowNanos())) {
                    udp.add(new Row("udp", "ESTAB", 0, 0, s.local(), s.localPort(), s.backend().address(),
                            s.backend().port(), s.listening()));
                }
                rows.addAll(sorted(udp));
            }
        }
        if (c.tcp()) {
            if (listening) {
                for (ListeningSocket s : state.node().sockets()) {
                    if (s.protocol() == IpProtocol.TCP) {
                        rows.add(new Row("tcp", "LISTEN", 0, s.backlog(), s.address(), s.port(), Ipv4Address.ANY, 0,
                                s));
                    }
                }
            }
            List<Row> tcp = new ArrayList<>();
            for (TcpConnection t : n.tcp().connections()) {
                String kernelState = t.kernelState();
                // ss's default states leave out TIME-WAIT and SYN-RECV besides the listening ones (SS_CONN).
                boolean shown = c.all() || connected && !kernelState.equals("TIME-WAIT")
                        && !kernelState.equals("SYN-RECV");
                if (shown) {
                    // A TIME-WAIT socket has no program left; it keeps the family of the socket it was.
                    ListeningSocket owner = owner(state, t);
                    tcp.add(new Row("tcp", kernelState, 0, 0, t.local(), t.localPort(), t.remote(), t.remotePort(),
                            kernelState.equals("TIME-WAIT") ? null : owner, owner != null && owner.dualStack()));
                }
            }
            rows.addAll(sorted(tcp));
        }
        return ExecResult.ok(layout(rows, c, state));
    }

    /**
     * The program holding a connection: the listening socket it was accepted from (a proxy's connection to its
     * backend: the proxy's listening socket), else the client program that opened it.
     */
    private static ListeningSocket owner(NodeState state, TcpConnection t) {
        for (ListeningSocket s : state.node().sockets()) {
            if (s.protocol() == IpProtocol.TCP && java.util.Objects.equals(s.process(), t.process())
                    && (s.port() == t.localPort() || s.relay() != null && s.relay().port() == t.remotePort()
                    && s.relay().address().equals(t.remote()))) {
                return s;
            }
        }
        return t.process() == null ? null
                : new ListeningSocket(IpProtocol.TCP, t.local(), t.localPort(), t.process(), null);
    }

    private static List<Row> sorted(List<Row> rows) {
        return rows.stream().sorted(Comparator.comparingLong((Row r) -> r.local().bits() & 0xffffffffL)
                .thenComparingInt(Row::localPort).thenComparingLong(r -> r.peer().bits() & 0xffffffffL)
                .thenComparingInt(Row::peerPort)).toList();
    }

    /** The columns ss fills, each with its alignment and the delimiter printed before it. */
    private enum Column {
        NETID(false, "Netid", ""), STATE(false, "State", " "), RECV_Q(false, "Recv-Q", " "),
        SEND_Q(false, "Send-Q", " "), LOCAL(true, "Local Address:", " "), LOCAL_PORT(false, "Port", ""),
        PEER(true, "Peer Address:", " "), PEER_PORT(false, "Port", ""), PROCESS(false, "Process", ""),
        EXT(false, "", "");

        final boolean right;
        final String header;
        final String delimiter;

        Column(boolean right, String header, String delimiter) {
            this.right = right;
            this.header = header;
            this.delimiter = delimiter;
        }
    }

    /** ss's render(): every field measured first, then each line printed with its columns' widths. */
    private static String layout(List<Row> rows, ShellCommand.Ss c, NodeState state) {
        // ss shows the Netid column only when it lists more than one kind of socket, and the State column only when
        // it lists more than one state (UDP alone, not listening, is ESTAB only).
        boolean[] disabled = new boolean[Column.values().length];
        disabled[Column.NETID.ordinal()] = !(c.tcp() && c.udp());
        disabled[Column.STATE.ordinal()] = c.udp() && !c.tcp() && !c.listening() && !c.all();
        List<String[]> lines = fields(rows, c, state);
        int[] width = widths(lines, disabled);
        StringBuilder out = new StringBuilder();
        for (String[] l : lines) {
            boolean started = false;
            for (Column col : Column.values()) {
                if (disabled[col.ordinal()]) {
                    continue;
                }
                int w = width[col.ordinal()];
                String text = l[col.ordinal()];
                int printed = 0;
                if (started) {
                    out.append(col.delimiter);
                    printed = col.delimiter.length();
                }
                started = true;
                if (w > 0 && col.right) {
                    printed += pad(out, w - text.length() - printed);
                }
                out.append(text);
                printed += text.length();
                if (w > 0 && !col.right) {
                    pad(out, w - printed);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The header's fields (unless -H) and each row's, column by column, as ss writes them into its buffer. */
    private static List<String[]> fields(List<Row> rows, ShellCommand.Ss c, NodeState state) {
        ServiceNames names = c.numeric() ? ServiceNames.NUMERIC : TcpdumpRenderer.servicesOfThisMachine();
        Map<ListeningSocket, Integer> pids = programs(state);
        Map<ListeningSocket, Integer> nextFd = new LinkedHashMap<>();
        List<String[]> lines = new ArrayList<>();
        if (c.header()) {
            String[] h = new String[Column.values().length];
            for (Column col : Column.values()) {
                h[col.ordinal()] = col.header;
            }
            lines.add(h);
        }
        for (Row r : rows) {
            String[] f = new String[Column.values().length];
            f[Column.NETID.ordinal()] = r.netid();
            f[Column.STATE.ordinal()] = r.state();
            f[Column.RECV_Q.ordinal()] = String.format("%-6d", r.recvQ());
            f[Column.SEND_Q.ordinal()] = String.format("%-6d", r.sendQ());
            f[Column.LOCAL.ordinal()] = address(r.local(), r.ipv6()) + ":";
            f[Column.LOCAL_PORT.ordinal()] = port(names, r.netid(), r.localPort());
            f[Column.PEER.ordinal()] = address(r.peer(), r.ipv6()) + ":";
            f[Column.PEER_PORT.ordinal()] = port(names, r.netid(), r.peerPort());
            String program = r.owner() == null || r.owner().process() == null ? null
                    : r.owner().process().split(" ", 2)[0];
            f[Column.PROCESS.ordinal()] = !c.processes() || program == null ? "" : " users:((\"" + program + "\",pid="
                    + pids.computeIfAbsent(r.owner(), p -> pids.size() + 1) + ",fd="
                    + nextFd.merge(r.owner(), 3, (a, b) -> a + 1) + "))";
            f[Column.EXT.ordinal()] = "";
            lines.add(f);
        }
        return lines;
    }

    /**
     * render_calc_width without a terminal: each column as wide as its widest field, plus its delimiter unless it is
     * the first column with any width.
     */
    private static int[] widths(List<String[]> lines, boolean[] disabled) {
        int[] width = new int[Column.values().length];
        boolean first = true;
        for (Column col : Column.values()) {
            if (disabled[col.ordinal()]) {
                continue;
            }
            int max = 0;
            for (String[] l : lines) {
                max = Math.max(max, l[col.ordinal()].length());
            }
            width[col.ordinal()] = !first && max > 0 ? max + col.delimiter.length() : max;
            if (width[col.ordinal()] > 0) {
                first = false;
            }
        }
        return width;
    }

    private static int pad(StringBuilder out, int spaces) {
        for (int i = 0; i < spaces; i++) {
            out.append(' ');
        }
        return Math.max(spaces, 0);
    }

    /** An address as ss prints it: an IPv6 socket's unspecified one as {@code *}, an IPv4 one it holds mapped. */
    private static String address(Ipv4Address a, boolean ipv6) {
        if (!ipv6) {
            return a.toString();
        }
        return a.equals(Ipv4Address.ANY) ? "*" : "[::ffff:" + a + "]";
    }

    /** A port as ss prints it: {@code *} for none, else its service name unless numeric or ephemeral. */
    private static String port(ServiceNames names, String netid, int port) {
        if (port == 0) {
            return "*";
        }
        if (EphemeralPorts.contains(port)) {
            return Integer.toString(port);
        }
        return netid.equals("tcp") ? names.tcp(port) : names.udp(port);
    }

    /**
     * The node's programs numbered from 1 (the simulated pids): one per listening socket, in the node's order, as
     * dockerd starts a docker-proxy per published port; the client programs after them.
     */
    private static Map<ListeningSocket, Integer> programs(NodeState state) {
        Map<ListeningSocket, Integer> pids = new java.util.HashMap<>();
        for (ListeningSocket s : state.node().sockets()) {
            pids.putIfAbsent(s, pids.size() + 1);
        }
        return pids;
    }
}
