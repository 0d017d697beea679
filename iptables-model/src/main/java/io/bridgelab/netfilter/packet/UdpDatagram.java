package io.bridgelab.netfilter.packet;

/** A UDP header and its payload; {@code udpLength} is the header's length field as carried. */
public record UdpDatagram(int sourcePort, int destinationPort, int udpLength, int checksum, Bytes payload)
        implements Transport {

    public UdpDatagram {
        TcpSegment.checkPort(sourcePort);
        TcpSegment.checkPort(destinationPort);
        if (udpLength < 0 || udpLength > 0xffff || checksum < 0 || checksum > 0xffff) {
            throw new IllegalArgumentException("UDP length or checksum out of 16 bits");
        }
        if (payload == null) {
            payload = Bytes.EMPTY;
        }
    }

    @Override
    public int protocol() {
        return IpProtocol.UDP;
    }

    @Override
    public int length() {
        return 8 + payload.length();
    }

    public UdpDatagram withPorts(int newSourcePort, int newDestinationPort) {
        return new UdpDatagram(newSourcePort, newDestinationPort, udpLength, checksum, payload);
    }

    public UdpDatagram withChecksum(int newChecksum) {
        return new UdpDatagram(sourcePort, destinationPort, udpLength, newChecksum, payload);
    }
}
