package io.bridgelab.sim.l3;

import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.Checksums;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IPv4 fragmentation as {@code ip_do_fragment}'s slow path cuts a datagram for an MTU: every fragment but the last
 * carries as many bytes as fit, rounded down to 8; each copies the header (ID, TOS, TTL, addresses) with its own
 * offset, MF flag, total length and checksum, and DF clear. The first keeps every IP option, the others only the
 * options marked "copied" ({@code ip_options_fragment} turns the rest into NOOPs, so the header keeps its length).
 * A fragment can be cut again: its offset and its MF flag carry on into the pieces.
 */
public final class Fragmentation {
    private static final int ETHERNET_HEADER = 14;

    private Fragmentation() {
    }

    /** Whether {@code packet} needs cutting to leave by a device of {@code mtu}. */
    public static boolean needed(Packet packet, int mtu) {
        return packet.isIpv4() && packet.ip().totalLength() > mtu;
    }

    /**
     * The fragments of {@code packet}'s datagram for {@code mtu}, in the order the kernel sends them (first to last),
     * each with the packet's link-layer header and metadata and no trailer. The datagram's checksums must be
     * complete: a fragment's transport bytes are sent as they are.
     */
    public static List<Packet> fragment(Packet packet, int mtu) {
        byte[] whole = FrameEncoder.encode(new Packet(null, packet.ipv4()));
        int hlen = packet.ip().headerLength();
        int room = mtu - hlen;
        if (room < 8) {
            throw new IllegalArgumentException("MTU " + mtu + " leaves no room for data after a " + hlen
                    + "-byte header");
        }
        int offset = packet.ip().fragmentOffset() * 8;
        boolean moreAfterLast = packet.ip().moreFragments();
        byte[] laterHeader = laterFragmentsHeader(whole, hlen);
        List<Packet> out = new ArrayList<>();
        int at = hlen;
        int left = packet.ip().totalLength() - hlen;
        while (left > 0) {
            int len = Math.min(left, room);
            if (len < left) {
                len &= ~7;
            }
            byte[] frame = new byte[ETHERNET_HEADER + hlen + len];
            frame[12] = 0x08; // EtherType IPv4; the addresses are replaced when the fragment is sent
            System.arraycopy(at == hlen ? whole : laterHeader, 0, frame, ETHERNET_HEADER, hlen);
            System.arraycopy(whole, at, frame, ETHERNET_HEADER + hlen, len);
            boolean more = left - len > 0 || moreAfterLast;
            int h = ETHERNET_HEADER;
            put16(frame, h + 2, hlen + len);
            put16(frame, h + 6, (more ? 0x2000 : 0) | (offset >> 3));
            put16(frame, h + 10, 0);
            put16(frame, h + 10, Checksums.fold(Checksums.sum(frame, h, hlen, 0)));
            Packet decoded = FrameDecoder.decodeEthernet(frame, 0, frame.length);
            out.add(new Packet(packet.ethernet(), decoded.network(), Bytes.EMPTY, packet.metadata()));
            at += len;
            offset += len;
            left -= len;
        }
        return out;
    }

    /** The header for every fragment after the first: options not marked "copied" become NOOPs. */
    private static byte[] laterFragmentsHeader(byte[] whole, int hlen) {
        byte[] h = Arrays.copyOf(whole, hlen);
        int p = 20;
        while (p < hlen) {
            int type = h[p] & 0xff;
            if (type == 0) { // end of options
                break;
            }
            if (type == 1) { // NOOP
                p++;
                continue;
            }
            int len = p + 1 < hlen ? h[p + 1] & 0xff : 0;
            if (len < 2 || p + len > hlen) {
                break; // a malformed option: the kernel's parser would have refused the packet before
            }
            if ((type & 0x80) == 0) {
                Arrays.fill(h, p, p + len, (byte) 1);
            }
            p += len;
        }
        return h;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
