package io.bridgelab.sim.load.snapshot;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.rule.Chain;
import io.bridgelab.netfilter.rule.Dnat;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.NatRange;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.PortRange;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.Table;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.netfilter.rule.TcpMatch;
import io.bridgelab.netfilter.rule.UdpMatch;
import io.bridgelab.sim.world.ListeningSocket;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a snapshot's docker-proxy relays to. {@code ss} names docker-proxy and the port it listens on, but its
 * container (its {@code -container-ip} and {@code -container-port}) is only on its command line. dockerd's port
 * mapper starts it for a mapping together with the DNAT rule for the same mapping,
 * {@code -A DOCKER [-d HOST_IP/32] ! -i BRIDGE -p tcp -m tcp --dport HOST_PORT -j DNAT --to-destination IP:PORT}
 * ({@code -p udp -m udp} for a UDP mapping), so
 * that rule's destination is the proxy's backend. A docker-proxy socket without such a rule relays nothing (it
 * answers the handshake only, as any socket of a snapshot).
 */
final class DockerProxyTargets {
    private static final String PROCESS = "docker-proxy";
    private static final String CHAIN = "DOCKER";

    private DockerProxyTargets() {
    }

    /** {@code sockets} with each docker-proxy socket, TCP or UDP, relaying to its mapping's container (a rule's). */
    static List<ListeningSocket> relayed(List<ListeningSocket> sockets, Ruleset rules) {
        Table nat = rules.table(TableName.NAT);
        Chain docker = nat == null ? null : nat.chain(CHAIN);
        if (docker == null) {
            return sockets;
        }
        List<ListeningSocket> out = new ArrayList<>(sockets.size());
        for (ListeningSocket s : sockets) {
            ListeningSocket.Relay to = PROCESS.equals(s.process())
                    && s.response() == null && s.relay() == null ? backend(docker, s) : null;
            out.add(to == null ? s : s.withRelay(to));
        }
        return out;
    }

    /** The destination of the first DNAT rule of DOCKER for the socket's protocol, port and address, or null. */
    private static ListeningSocket.Relay backend(Chain docker, ListeningSocket s) {
        for (Rule r : docker.rules()) {
            if (r.target() instanceof Dnat d && single(d.to()) && forPort(r, s.protocol(), s.port())
                    && forAddress(r, s.address())) {
                return new ListeningSocket.Relay(d.to().addresses().first(), d.to().ports().first());
            }
        }
        return null;
    }

    private static boolean single(NatRange to) {
        return to.addresses() != null && to.addresses().first().equals(to.addresses().last()) && to.ports() != null
                && to.ports().isSingle();
    }

    private static boolean forPort(Rule r, int protocol, int port) {
        Negatable<Integer> proto = r.header().protocol();
        if (proto == null || proto.negated() || proto.value() != protocol) {
            return false;
        }
        for (Match m : r.matches()) {
            Negatable<PortRange> dport = m instanceof TcpMatch t ? t.destinationPort()
                    : m instanceof UdpMatch u ? u.destinationPort() : null;
            if (dport != null && !dport.negated()) {
                return dport.value().isSingle() && dport.value().first() == port;
            }
        }
        return false;
    }

    /** A rule without {@code -d} is dockerd's for 0.0.0.0; one with {@code -d HOST_IP/32} for a proxy bound there. */
    private static boolean forAddress(Rule r, Ipv4Address bound) {
        Negatable<Cidr> d = r.header().destination();
        if (d == null) {
            return bound.equals(Ipv4Address.ANY);
        }
        return !d.negated() && !bound.equals(Ipv4Address.ANY) && d.value().contains(bound);
    }
}
