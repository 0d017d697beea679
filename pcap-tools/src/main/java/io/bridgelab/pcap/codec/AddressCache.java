package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.MacAddress;

/**
 * Direct-mapped caches of recently decoded addresses: a capture repeats a handful of MACs and addresses
 * millions of times, and reusing the immutable values saves the decoder most of its per-packet
 * allocations. Racy by design and safe: slots hold immutable values and a reference write is atomic, so a
 * thread sees either a matching value or decodes a fresh one.
 */
final class AddressCache {
    private static final int SLOTS = 1024;
    private static final MacAddress[] MACS = new MacAddress[SLOTS];
    private static final Ipv4Address[] IPS = new Ipv4Address[SLOTS];
    /**
     * The bits of the address last put in each {@link #IPS} slot, a hint read before the slot's object: a capture
     * of many senders (a SYN flood's random sources) misses most of the time, and reading the missed slot's
     * object, made thousands of packets ago and since moved by the collector, stalled on memory for a tenth of
     * the decoding. A hint that matches is checked against the object itself, so a stale one (another thread's
     * half-done update) only costs a fresh value.
     */
    private static final int[] IP_BITS = new int[SLOTS];

    private AddressCache() {
    }

    static MacAddress mac(byte[] b, int offset) {
        long bits = (FrameDecoder.i32(b, offset) & 0xffff_ffffL) << 16 | FrameDecoder.u16(b, offset + 4);
        int slot = (int) (bits ^ (bits >>> 20) ^ (bits >>> 40)) & (SLOTS - 1);
        MacAddress m = MACS[slot];
        if (m == null || m.bits() != bits) {
            m = new MacAddress(bits);
            MACS[slot] = m;
        }
        return m;
    }

    static Ipv4Address ipv4(byte[] b, int offset) {
        int bits = FrameDecoder.i32(b, offset);
        int slot = (bits ^ (bits >>> 10) ^ (bits >>> 20)) & (SLOTS - 1);
        if (IP_BITS[slot] == bits) {
            Ipv4Address a = IPS[slot];
            if (a != null && a.bits() == bits) {
                return a;
            }
        }
        Ipv4Address a = new Ipv4Address(bits);
        IPS[slot] = a;
        IP_BITS[slot] = bits;
        return a;
    }
}
