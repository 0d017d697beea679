package io.bridgelab.netfilter.packet;

/**
 * One packet as netfilter sees it: the link-layer header (null for a packet that has none yet, such as
 * one a local socket is sending before routing), the network layer, any link-layer padding after it
 * (Ethernet pads frames to 60 bytes; kept so captures round-trip byte for byte), and metadata.
 */
public record Packet(Ethernet ethernet, NetworkLayer network, Bytes trailer, Metadata metadata) {

    public Packet {
        if (network == null) {
            throw new IllegalArgumentException("a packet needs a network layer");
        }
        if (ethernet != null && ethernet.etherType() != network.etherType()) {
            throw new IllegalArgumentException(String.format("ethertype 0x%04x does not match the payload's 0x%04x",
                    ethernet.etherType(), network.etherType()));
        }
        if (trailer == null) {
            trailer = Bytes.EMPTY;
        }
        if (metadata == null) {
            metadata = Metadata.NONE;
        }
    }

    public Packet(Ethernet ethernet, NetworkLayer network) {
        this(ethernet, network, Bytes.EMPTY, Metadata.NONE);
    }

    /** The IPv4 datagram, or null when this is not an IPv4 packet. */
    public Ipv4Datagram ipv4() {
        return network instanceof Ipv4Datagram d ? d : null;
    }

    public boolean isIpv4() {
        return network instanceof Ipv4Datagram;
    }

    /** The IPv4 header; the caller has checked {@link #isIpv4()}. */
    public Ipv4Header ip() {
        return ((Ipv4Datagram) network).header();
    }

    /** The transport of an IPv4 packet, or null. */
    public Transport transport() {
        return network instanceof Ipv4Datagram d ? d.transport() : null;
    }

    /** Source port of a TCP or UDP packet, -1 for anything else. */
    public int sourcePort() {
        Transport t = transport();
        if (t instanceof TcpSegment tcp) {
            return tcp.sourcePort();
        }
        if (t instanceof UdpDatagram udp) {
            return udp.sourcePort();
        }
        return -1;
    }

    /** Destination port of a TCP or UDP packet, -1 for anything else. */
    public int destinationPort() {
        Transport t = transport();
        if (t instanceof TcpSegment tcp) {
            return tcp.destinationPort();
        }
        if (t instanceof UdpDatagram udp) {
            return udp.destinationPort();
        }
        return -1;
    }

    /** Bytes of the frame on the wire: link header, network layer and padding. */
    public int frameLength() {
        return (ethernet == null ? 0 : ethernet.headerLength()) + network.length() + trailer.length();
    }

    public Packet withEthernet(Ethernet newEthernet) {
        return new Packet(newEthernet, network, trailer, metadata);
    }

    public Packet withNetwork(NetworkLayer newNetwork) {
        return new Packet(ethernet, newNetwork, trailer, metadata);
    }

    public Packet withMetadata(Metadata newMetadata) {
        // Stages reset the metadata at every hop; most of the time it already is what they set.
        return newMetadata == metadata ? this : new Packet(ethernet, network, trailer, newMetadata);
    }

    public Packet withTrailer(Bytes newTrailer) {
        return new Packet(ethernet, network, newTrailer, metadata);
    }
}
