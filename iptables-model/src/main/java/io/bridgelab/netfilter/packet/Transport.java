package io.bridgelab.netfilter.packet;

/** What an IPv4 datagram carries: a decoded TCP, UDP or ICMP message, or bytes left opaque. */
public sealed interface Transport permits TcpSegment, UdpDatagram, IcmpMessage, OpaqueTransport {

    /** The protocol number this transport stands for in the IP header. */
    int protocol();

    /** Length of header plus payload in bytes, as carried in the datagram. */
    int length();
}
