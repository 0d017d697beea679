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
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = (bits << 8) | (b[offset + i] & 0xff);
        }
        int slot = (int) (bits ^ (bits >>> 20) ^ (bits >>> 40)) & (SLOTS - 1);
        MacAddress m = MACS[slot];
        if (m == null || m.bits() != bits) {
            m = new MacAddress(bits);
            MACS[slot] = m;
        }
        return m;
    }

    static Ipv4Address ipv4(byte[] b, int offset) {
        int bits = (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8
                | (b[offset + 3] & 0xff);
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
