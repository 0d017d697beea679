package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.packet.Packet;

/**
 * A decoded frame of some link type: the model's packet and, for Linux cooked captures, the pseudo header
 * that replaces Ethernet there ({@code cooked} is null for Ethernet frames, whose header lives in the packet).
 */
public record DecodedFrame(int linkType, LinuxCookedHeader cooked, Packet packet) {
    public DecodedFrame {
        if (packet == null) {
            throw new IllegalArgumentException("a decoded frame needs its packet");
        }
        if (cooked != null && packet.ethernet() != null) {
            throw new IllegalArgumentException("a cooked frame has no Ethernet header");
        }
    }

    public int frameLength() {
        return (cooked == null ? 0 : cooked.headerLength()) + packet.frameLength();
    }
}
