package io.bridgelab.pcap.stats;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.pcap.codec.FrameDecodeException;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureInterface;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a capture holds: packet and byte counts, time span, interfaces and link types, and packets by
 * protocol ({@code pcap-tools summary}). Computed in one streaming pass.
 */
public record CaptureSummary(long packets, long capturedBytes, long originalBytes, long firstNanos, long lastNanos,
                             List<CaptureInterface> interfaces, Map<String, Long> linkTypes,
                             Map<String, Long> protocols, long skippedRecords) {

    public static CaptureSummary of(CaptureReader reader) throws IOException {
        long packets = 0;
        long captured = 0;
        long original = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Map<String, Long> links = new TreeMap<>();
        Map<String, Long> protocols = new TreeMap<>();
        while (reader.next()) {
            packets++;
            captured += reader.capturedLength();
            original += reader.originalLength();
            first = Math.min(first, reader.timestampNanos());
            last = Math.max(last, reader.timestampNanos());
            links.merge(LinkType.name(reader.linkType()), 1L, Long::sum);
            String protocol;
            try {
                protocol = protocol(FrameDecoder.decode(reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength()).packet());
            } catch (FrameDecodeException e) {
                protocol = "undecoded";
            }
            protocols.merge(protocol, 1L, Long::sum);
        }
        return new CaptureSummary(packets, captured, original, packets == 0 ? 0 : first, packets == 0 ? 0 : last,
                List.copyOf(new ArrayList<>(reader.interfaces())), links, protocols, reader.skippedRecords());
    }

    /** The protocol label a packet is counted under, e.g. {@code ipv4/tcp}, {@code arp}, {@code ethertype 0x88cc}. */
    public static String protocol(Packet p) {
        if (p.network() instanceof Ipv4Datagram d) {
            if (d.header().isLaterFragment()) {
                return "ipv4/fragment";
            }
            if (d.transport() instanceof TcpSegment) {
                return "ipv4/tcp";
            } else if (d.transport() instanceof UdpDatagram) {
                return "ipv4/udp";
            } else if (d.transport() instanceof IcmpMessage) {
                return "ipv4/icmp";
            }
            return "ipv4/proto " + d.header().protocol();
        }
        if (p.network() instanceof ArpMessage) {
            return "arp";
        }
        if (p.network() instanceof Ipv6Datagram) {
            return "ipv6";
        }
        return String.format("ethertype 0x%04x", p.network().etherType());
    }

    public double durationSeconds() {
        return (lastNanos - firstNanos) / 1e9;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("packets:        ").append(packets).append('\n');
        sb.append("bytes:          ").append(capturedBytes).append(" captured, ").append(originalBytes)
                .append(" on the wire\n");
        if (packets > 0) {
            sb.append("first packet:   ").append(instant(firstNanos)).append('\n');
            sb.append("last packet:    ").append(instant(lastNanos)).append('\n');
            sb.append(String.format("duration:       %.6f s%n", durationSeconds()));
        }
        sb.append("interfaces:\n");
        for (int i = 0; i < interfaces.size(); i++) {
            CaptureInterface c = interfaces.get(i);
            sb.append("  ").append(i).append(": ").append(c.name() == null ? "(unnamed)" : c.name()).append(", ")
                    .append(LinkType.name(c.linkType())).append(", snaplen ").append(c.snapLength()).append('\n');
        }
        sb.append("link types:\n");
        linkTypes.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        sb.append("protocols:\n");
        protocols.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        if (skippedRecords > 0) {
            sb.append("skipped bad records: ").append(skippedRecords).append('\n');
        }
        return sb.toString();
    }

    private static String instant(long nanos) {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L).toString();
    }
}
