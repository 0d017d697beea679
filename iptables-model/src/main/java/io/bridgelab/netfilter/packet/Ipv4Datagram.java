package io.bridgelab.netfilter.packet;

/** An IPv4 header and what it carries. */
public record Ipv4Datagram(Ipv4Header header, Transport transport) implements NetworkLayer {
    public Ipv4Datagram {
        if (header == null || transport == null) {
            throw new IllegalArgumentException("an IPv4 datagram needs a header and a transport");
        }
        if (header.protocol() != transport.protocol()) {
            throw new IllegalArgumentException("IP protocol " + header.protocol()
                    + " does not match the transport's " + transport.protocol());
        }
    }

    @Override
    public int etherType() {
        return Ethernet.TYPE_IPV4;
    }

    @Override
    public int length() {
        return header.headerLength() + transport.length();
    }

    public Ipv4Datagram withHeader(Ipv4Header newHeader) {
        return new Ipv4Datagram(newHeader, transport);
    }

    public Ipv4Datagram withTransport(Transport newTransport) {
        return new Ipv4Datagram(header, newTransport);
    }
}
