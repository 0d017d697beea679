package io.bridgelab.netfilter.packet;

/** An ARP message for IPv4 over Ethernet (the only kind a Linux bridge network carries). */
public record ArpMessage(int operation, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
                         Ipv4Address targetIp) implements NetworkLayer {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    public ArpMessage {
        if (operation < 0 || operation > 0xffff) {
            throw new IllegalArgumentException("ARP operation out of 16 bits: " + operation);
        }
        if (senderMac == null || senderIp == null || targetMac == null || targetIp == null) {
            throw new IllegalArgumentException("ARP message needs all four addresses");
        }
    }

    public static ArpMessage request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
        return new ArpMessage(REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    public static ArpMessage reply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
                                   Ipv4Address targetIp) {
        return new ArpMessage(REPLY, senderMac, senderIp, targetMac, targetIp);
    }

    @Override
    public int etherType() {
        return Ethernet.TYPE_ARP;
    }

    @Override
    public int length() {
        return 28;
    }
}
