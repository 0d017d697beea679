package io.bridgelab.sim.load.snapshot;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.sim.load.TextFile;
import io.bridgelab.sim.world.ListeningSocket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sockets.txt: {@code ss -H -l -n -t -u -p}, the namespace's listening TCP sockets and bound UDP sockets, one per
 * line: {@code Netid State Recv-Q Send-Q Local:Port Peer:Port [users:(("PROGRAM",pid=N,fd=N),...)]}. Each becomes a
 * {@link ListeningSocket} of the node, owned by the first program ss names: a SYN to it is answered with a SYN-ACK
 * and a datagram to it is read, where a closed port gets an RST or an ICMP port unreachable. What the program then
 * sends is not known from a snapshot (a replay plays it from a capture).
 *
 * <p>Addresses as ss prints them: {@code 0.0.0.0} and {@code *} (an IPv6 socket that also takes IPv4) are every
 * address; {@code [::]} and other IPv6 addresses are left out (IPv6 is not simulated); {@code [::ffff:A.B.C.D]} is
 * A.B.C.D; a device binding ({@code 127.0.0.53%lo}) is dropped, the socket taken as bound to the address alone. A
 * snapshot without the file (made before it was recorded) has no sockets, as before.
 */
final class SocketsFile {
    private SocketsFile() {
    }

    static List<ListeningSocket> read(Path dir) throws SnapshotException {
        Path file = dir.resolve("sockets.txt");
        if (!Files.exists(file)) {
            return List.of();
        }
        String text;
        try {
            text = TextFile.read(file);
        } catch (IOException e) {
            throw new SnapshotException(file, null, "cannot read: " + TextFile.reason(e), e);
        }
        List<ListeningSocket> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            ListeningSocket s = socket(file, "line " + (i + 1), line);
            if (s != null && out.stream().noneMatch(o -> o.protocol() == s.protocol() && o.port() == s.port()
                    && o.address().equals(s.address()))) {
                out.add(s);
            }
        }
        return out;
    }

    /** One line's socket; null for an IPv6-only one. */
    private static ListeningSocket socket(Path file, String where, String line) throws SnapshotException {
        String[] f = line.split("\\s+", 7);
        if (f.length < 6) {
            throw new SnapshotException(file, where, "expected 'Netid State Recv-Q Send-Q Local:Port Peer:Port"
                    + " [users:(...)]' as ss -H -l -n -t -u -p prints it, got: " + line);
        }
        int protocol = switch (f[0]) {
            case "tcp" -> IpProtocol.TCP;
            case "udp" -> IpProtocol.UDP;
            default -> throw new SnapshotException(file, where, "not a tcp or udp socket: '" + f[0] + "'");
        };
        String expected = protocol == IpProtocol.TCP ? "LISTEN" : "UNCONN";
        if (!f[1].equals(expected)) {
            throw new SnapshotException(file, where, "a listening " + f[0] + " socket is " + expected + ", not '"
                    + f[1] + "'");
        }
        String local = f[4];
        int colon = local.lastIndexOf(':');
        if (colon <= 0) {
            throw new SnapshotException(file, where, "no ADDRESS:PORT in '" + local + "'");
        }
        int port;
        try {
            port = Integer.parseInt(local.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new SnapshotException(file, where, "not a port: '" + local.substring(colon + 1) + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new SnapshotException(file, where, "port out of 1..65535: " + port);
        }
        Ipv4Address address = address(file, where, local.substring(0, colon));
        if (address == null) {
            return null;
        }
        ListeningSocket socket = new ListeningSocket(protocol, address, port, f.length == 7 ? program(f[6]) : null,
                null);
        if (local.startsWith("*:")) {
            socket = socket.dualStacked();
        }
        return protocol == IpProtocol.TCP ? socket.withBacklog(backlog(file, where, f[3])) : socket;
    }

    /** A listening TCP socket's Send-Q: the backlog its program gave listen(). */
    private static int backlog(Path file, String where, String sendQ) throws SnapshotException {
        try {
            int backlog = Integer.parseInt(sendQ);
            if (backlog >= 0 && backlog <= 65535) {
                return backlog;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SnapshotException(file, where, "a listening socket's Send-Q (its backlog) is 0..65535, not '"
                + sendQ + "'");
    }

    /** ss's local address without the port; null for an IPv6 one. */
    private static Ipv4Address address(Path file, String where, String text) throws SnapshotException {
        String a = text;
        int percent = a.indexOf('%');
        if (percent >= 0) {
            a = a.substring(0, percent);
        }
        if (a.equals("*") || a.equals("0.0.0.0")) {
            return Ipv4Address.ANY;
        }
        if (a.startsWith("[")) {
            if (!a.endsWith("]")) {
                throw new SnapshotException(file, where, "an unclosed IPv6 address: '" + text + "'");
            }
            String v6 = a.substring(1, a.length() - 1).toLowerCase(java.util.Locale.ROOT);
            if (!v6.startsWith("::ffff:") || v6.indexOf('.') < 0) {
                return null;
            }
            a = v6.substring("::ffff:".length());
        }
        try {
            return Ipv4Address.parse(a);
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(file, where, "not an address: '" + text + "'", e);
        }
    }

    /** The first program of {@code users:(("httpd",pid=1,fd=3),...)}, null when ss names none. */
    private static String program(String users) {
        int open = users.indexOf("((\"");
        if (!users.startsWith("users:") || open < 0) {
            return null;
        }
        int close = users.indexOf('"', open + 3);
        return close < 0 ? null : users.substring(open + 3, close);
    }
}
