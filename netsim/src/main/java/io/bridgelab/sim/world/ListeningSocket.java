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
 */
public record ListeningSocket(int protocol, Ipv4Address address, int port, String process, String response,
                              Relay relay) {
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

    public ListeningSocket {
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            throw new IllegalArgumentException("listening sockets are tcp or udp: " + protocol);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of 1..65535: " + port);
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
