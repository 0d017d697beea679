package io.bridgelab.netfilter.packet;

/** What an Ethernet frame carries: IPv4 (decoded), ARP (decoded), IPv6 (recognised, carried) or other. */
public sealed interface NetworkLayer permits Ipv4Datagram, ArpMessage, Ipv6Datagram, OpaqueNetwork {

    /** The ethertype that announces this layer. */
    int etherType();

    /** Length in bytes as carried in the frame (without link-layer padding). */
    int length();
}
