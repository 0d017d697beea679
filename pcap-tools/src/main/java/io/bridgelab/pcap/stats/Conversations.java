package io.bridgelab.pcap.stats;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.pcap.codec.FrameDecodeException;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversations of a capture, both directions together, as {@code tshark -z conv,tcp} (and
 * {@code conv,udp}, and ICMP by address pair) lists them: endpoint A is the source of the first packet
 * seen, frames and bytes (on-the-wire lengths) per direction, start (its earliest packet) relative to the
 * capture's earliest packet, and duration (latest minus earliest packet). Sorted by total bytes, largest
 * first. Timestamps need not be in order: merged or re-sorted captures, and clock steps, put them out of it.
 */
public final class Conversations {
    /** One conversation; ports are -1 for ICMP. */
    public record Conversation(String protocol, Ipv4Address addressA, int portA, Ipv4Address addressB, int portB,
                               long framesAtoB, long bytesAtoB, long framesBtoA, long bytesBtoA,
                               long relativeStartNanos, long durationNanos) {
        public long frames() {
            return framesAtoB + framesBtoA;
        }

        public long bytes() {
            return bytesAtoB + bytesBtoA;
        }
    }

    private record Key(int protocol, long low, long high) {
    }

    private static final class Counter {
        final int protocol;
        final Ipv4Address a;
        final int portA;
        final Ipv4Address b;
        final int portB;
        long start;
        long end;
        long framesAb;
        long bytesAb;
        long framesBa;
        long bytesBa;

        Counter(int protocol, Ipv4Address a, int portA, Ipv4Address b, int portB, long start) {
            this.protocol = protocol;
            this.a = a;
            this.portA = portA;
            this.b = b;
            this.portB = portB;
            this.start = start;
            this.end = start;
        }
    }

    private Conversations() {
    }

    public static List<Conversation> of(CaptureReader reader) throws IOException {
        Map<Key, Counter> counters = new HashMap<>();
        long first = Long.MAX_VALUE;
        while (reader.next()) {
            long ts = reader.timestampNanos();
            first = Math.min(first, ts);
            Packet p;
            try {
                p = FrameDecoder.decode(reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength()).packet();
            } catch (FrameDecodeException e) {
                continue;
            }
            if (!(p.network() instanceof Ipv4Datagram d) || d.header().isLaterFragment()) {
                continue;
            }
            int protocol;
            int sport;
            int dport;
            if (d.transport() instanceof TcpSegment t) {
                protocol = IpProtocol.TCP;
                sport = t.sourcePort();
                dport = t.destinationPort();
            } else if (d.transport() instanceof UdpDatagram u) {
                protocol = IpProtocol.UDP;
                sport = u.sourcePort();
                dport = u.destinationPort();
            } else if (d.transport() instanceof IcmpMessage) {
                protocol = IpProtocol.ICMP;
                sport = -1;
                dport = -1;
            } else {
                continue;
            }
            Ipv4Address src = d.header().source();
            Ipv4Address dst = d.header().destination();
            long s = (src.bits() & 0xffff_ffffL) << 17 | (sport + 1);
            long t = (dst.bits() & 0xffff_ffffL) << 17 | (dport + 1);
            Key key = new Key(protocol, Math.min(s, t), Math.max(s, t));
            Counter c = counters.computeIfAbsent(key, k -> new Counter(protocol, src, sport, dst, dport, ts));
            c.start = Math.min(c.start, ts);
            c.end = Math.max(c.end, ts);
            if (c.a.equals(src) && c.portA == sport) {
                c.framesAb++;
                c.bytesAb += reader.originalLength();
            } else {
                c.framesBa++;
                c.bytesBa += reader.originalLength();
            }
        }
        List<Conversation> out = new ArrayList<>();
        for (Counter c : counters.values()) {
            out.add(new Conversation(IpProtocol.name(c.protocol), c.a, c.portA, c.b, c.portB, c.framesAb, c.bytesAb,
                    c.framesBa, c.bytesBa, c.start - first, c.end - c.start));
        }
        out.sort(Comparator.comparingLong(Conversation::bytes).reversed()
                .thenComparingLong(Conversation::relativeStartNanos));
        return out;
    }

    /** A table in the spirit of tshark's conversation statistics. */
    public static String format(List<Conversation> conversations) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-5s %-21s    %-21s %9s %10s %9s %10s %9s %10s %12s %10s%n", "proto", "A", "B",
                "A->B frm", "A->B bytes", "B->A frm", "B->A bytes", "frames", "bytes", "rel start", "duration"));
        for (Conversation c : conversations) {
            sb.append(String.format("%-5s %-21s <-> %-21s %9d %10d %9d %10d %9d %10d %12.6f %10.4f%n", c.protocol(),
                    endpoint(c.addressA(), c.portA()), endpoint(c.addressB(), c.portB()), c.framesAtoB(),
                    c.bytesAtoB(), c.framesBtoA(), c.bytesBtoA(), c.frames(), c.bytes(), c.relativeStartNanos() / 1e9,
                    c.durationNanos() / 1e9));
        }
        return sb.toString();
    }

    private static String endpoint(Ipv4Address a, int port) {
        return port < 0 ? a.toString() : a + ":" + port;
    }
}
