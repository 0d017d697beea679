package io.bridgelab.sim.world;

import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;

/**
 * A socket bound and listening in a node ({@code nginx} on {@code 0.0.0.0:80}).
 *
 * @param address   the bound address, {@link Ipv4Address#ANY} for all
 * @param process   who owns it, for the trace ("nginx")
 * @param response  what the application answers to any request (a tiny HTTP server), or null
 * @param relay     for a proxy (docker-proxy): where it relays to; for TCP it connects there for each connection it
 *                  accepts, for UDP it dials there for each client it hears from, copying
 *                  the bytes both ways; null for a program that answers itself
 * @param backlog   for TCP, the backlog its program gave listen() (capped at net.core.somaxconn, 4096): what ss
 *                  shows as a listening socket's Send-Q; 0 for UDP
 * @param dualStack an IPv6 socket bound to {@code ::} that takes IPv4 too (IPV6_V6ONLY off; {@code address} is then
 *                  {@link Ipv4Address#ANY}): ss shows it as {@code *:80} and its connections' addresses IPv4-mapped
 */
public record ListeningSocket(int protocol, Ipv4Address address, int port, String process, String response,
                              Relay relay, int backlog, boolean dualStack) {
    /** net.core.somaxconn's default since Linux 5.4: the backlog of a program that asks for SOMAXCONN (Go's). */
    public static final int SOMAXCONN = 4096;

    /** A proxy's backend: docker-proxy's {@code -container-ip} and {@code -container-port}. */
    public record Relay(Ipv4Address address, int port) {
        public Relay {
            if (address == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("a relay needs an address and a port in 1..65535: " + address
                        + ":" + port);
            }
        }

        @Override
        public String toString() {
            return address + ":" + port;
        }
    }

    /** A socket whose program answers itself (or not at all). */
    public ListeningSocket(int protocol, Ipv4Address address, int port, String process, String response) {
        this(protocol, address, port, process, response, null);
    }

    /** A socket whose TCP program asked for SOMAXCONN. */
    public ListeningSocket(int protocol, Ipv4Address address, int port, String process, String response,
                           Relay relay) {
        this(protocol, address, port, process, response, relay, protocol == IpProtocol.TCP ? SOMAXCONN : 0, false);
    }

    /** This socket with the backlog its program gave listen(). */
    public ListeningSocket withBacklog(int backlog) {
        return new ListeningSocket(protocol, address, port, process, response, relay, backlog, dualStack);
    }

    /** This socket relaying to {@code to} (a proxy's, whose backend is known from elsewhere). */
    public ListeningSocket withRelay(Relay to) {
        return new ListeningSocket(protocol, address, port, process, response, to, backlog, dualStack);
    }

    /** This socket as an IPv6 one bound to {@code ::} that takes IPv4 too. */
    public ListeningSocket dualStacked() {
        return new ListeningSocket(protocol, address, port, process, response, relay, backlog, true);
    }

    public ListeningSocket {
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            throw new IllegalArgumentException("listening sockets are tcp or udp: " + protocol);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of 1..65535: " + port);
        }
        if (backlog < 0 || backlog > 65535 || protocol == IpProtocol.UDP && backlog != 0) {
            throw new IllegalArgumentException("a backlog is 0..65535, and 0 for udp: " + backlog);
        }
        if (dualStack && !address.equals(Ipv4Address.ANY)) {
            throw new IllegalArgumentException("a dual-stack socket is bound to ::, which takes every IPv4 address: "
                    + address);
        }
        if (relay != null && response != null) {
            throw new IllegalArgumentException("a relaying socket answers with what its backend answers, not a response"
                    + " of its own");
        }
    }

    public boolean accepts(int proto, Ipv4Address destination, int destinationPort) {
        return proto == protocol && destinationPort == port
                && (address.equals(Ipv4Address.ANY) || address.equals(destination));
    }

    /** Who the trace says acts for the socket: its process, or "the program" when the world does not name one. */
    public String owner() {
        return process != null ? process : "the program";
    }

    @Override
    public String toString() {
        return IpProtocol.name(protocol) + " " + (address.equals(Ipv4Address.ANY) ? "0.0.0.0" : address) + ":" + port
                + (process == null ? "" : " (" + process + ")");
    }
}
