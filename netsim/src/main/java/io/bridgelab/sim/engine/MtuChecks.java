package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;

/**
 * The kernel's size checks that more than one stage makes: is_skb_forwardable, which veth_xmit and the bridge's
 * br_dev_queue_push_xmit ask before handing a frame on, and the rule by which the simulation tells a GSO packet.
 *
 * <p>The simulation's packets carry no GSO flag: a socket's TSO/GSO send, or GRO's merge of received segments, is
 * captured by tcpdump as one packet bigger than the MTU, and the kernel checks its segments (which fit), not the
 * whole. So a packet bigger than the MTU of the interface it came by (or was sent out of) is taken for a GSO
 * packet and passes every MTU check whole.
 */
public final class MtuChecks {
    /** ETH_HLEN + VLAN_HLEN: what is_skb_forwardable allows a frame beyond the MTU. */
    public static final int LINK_HEADER_AND_VLAN_TAG = 18;

    private MtuChecks() {
    }

    /** The longest frame a device of {@code mtu} takes (is_skb_forwardable's {@code len}). */
    public static int frameLimit(int mtu) {
        return mtu + LINK_HEADER_AND_VLAN_TAG;
    }

    /** The frame's length as is_skb_forwardable counts it: the link header and what it carries, no trailer. */
    public static int frameLength(Packet frame) {
        return frame.frameLength() - frame.trailer().length();
    }

    /**
     * is_skb_forwardable: a frame fits a device of {@code mtu}, or it is a GSO packet (longer than a frame on the
     * link it came from, whose MTU is {@code senderMtu}), which the kernel does not check.
     */
    public static boolean forwardable(Packet frame, int mtu, int senderMtu) {
        int length = frameLength(frame);
        return length <= frameLimit(mtu) || length > frameLimit(senderMtu);
    }

    /** An IP datagram of {@code totalLength} bytes that came by an interface of {@code inMtu} is a GSO packet. */
    public static boolean isGso(int totalLength, int inMtu) {
        return totalLength > inMtu;
    }
}
