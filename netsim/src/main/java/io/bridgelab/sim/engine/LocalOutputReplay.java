package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.IpProtocol;
import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.sim.world.Route;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays what a node's own programs sent, from a capture of its local output taken before netfilter
 * (tcpdump on an NFLOG group fed by an nftables output chain at priority -500, as the fixtures do): each
 * IPv4 packet is handed to the node's stack at its capture time, as if the program had just sent it, so
 * routing, OUTPUT (conntrack, DNAT), re-routing and POSTROUTING are the simulator's. The programs' ports
 * are registered, so what comes back for them is theirs and the simulated stack does not answer it.
 * Every packet of the capture is replayed: use it for nodes whose kernel sends nothing on its own.
 */
public final class LocalOutputReplay {
    /** LINKTYPE_NFLOG. */
    public static final int NFLOG = 239;
    /** NFULA_PAYLOAD: the packet, from its IP header. */
    private static final int NFULA_PAYLOAD = 9;
    private static final byte[] FAKE_ETHERNET = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00};

    private record Timed(long time, Ipv4Datagram datagram) {
    }

    /**
     * A local-output capture of {@code node}'s programs, with {@code anchors}: the node's own captures of what it sent
     * (IF.sent.pcap for an interface, lo.pcap for loopback), which place each packet where the node sent it (see
     * {@link #plan}); none keeps the NFLOG times.
     */
    public record Local(String node, Path capture, List<Path> anchors) {
        public Local {
            anchors = List.copyOf(anchors);
        }
    }

    private LocalOutputReplay() {
    }

    /** Plans {@code local}'s packets (see {@link #plan(Engine, String, Path, List)}). */
    public static Plan plan(Engine engine, Local local) throws IOException {
        return plan(engine, local.node(), local.capture(), local.anchors());
    }

    /**
     * Plans the packets of {@code capture} as sent by programs of {@code node}.
     *
     * <p>NFLOG records of locally generated packets carry no kernel timestamp (skb->tstamp is unset on
     * output), so libpcap stamps them when it reads them: 0.1 to 1.5 ms late, enough to put a SYN after the
     * SYN-ACK it caused. With {@code nodeCaptures} (the node's own captures of what it sent: IF.sent.pcap,
     * lo.pcap) each packet is placed just before the first frame of the node that is the same packet (same
     * protocol, IP ID, TCP sequence, acknowledgement, flags and payload, UDP or ICMP payload: what NAT leaves
     * alone), or just before the ARP request it waited for on that interface; a packet seen nowhere keeps its
     * NFLOG time.
     */
    public static Plan plan(Engine engine, String node, Path capture, List<Path> nodeCaptures) throws IOException {
        NodeRuntime n = engine.node(node);
        return new Plan(engine, n, capture, anchored(n, read(capture), nodeCaptures));
    }

    /** The packets of one local-output capture at their replay times, ready to be scheduled. */
    public static final class Plan {
        private final Engine engine;
        private final NodeRuntime node;
        private final Path capture;
        private final List<Timed> packets;

        private Plan(Engine engine, NodeRuntime node, Path capture, List<Timed> packets) {
            this.engine = engine;
            this.node = node;
            this.capture = capture;
            this.packets = packets;
        }

        /** The earliest replay time (capture clock), Long.MAX_VALUE when there is no packet. */
        public long firstTime() {
            return packets.isEmpty() ? Long.MAX_VALUE : packets.get(0).time();
        }

        /** The latest replay time (capture clock), Long.MIN_VALUE when there is no packet. */
        public long lastTime() {
            return packets.isEmpty() ? Long.MIN_VALUE : packets.get(packets.size() - 1).time();
        }

        /** Schedules the packets, {@code startNanos} being the capture time that is the simulation's zero. */
        public int schedule(long startNanos) throws IOException {
            for (Timed t : packets) {
                Ipv4Datagram d = t.datagram();
                if (d.transport() instanceof TcpSegment s) {
                    node.replayedProgram(IpProtocol.TCP, d.header().source(), s.sourcePort());
                } else if (d.transport() instanceof UdpDatagram u) {
                    node.replayedProgram(IpProtocol.UDP, d.header().source(), u.sourcePort());
                }
                if (t.time() < startNanos) {
                    throw new IOException(capture + ": a packet at " + t.time() + " ns precedes the replay's start");
                }
                engine.events().at(engine.now() + t.time() - startNanos,
                        () -> engine.sendLocal(node, d, "replayed program (" + capture.getFileName() + ")"));
            }
            return packets.size();
        }
    }

    private record Seen(long time, String iface, Packet frame) {
    }

    private static List<Timed> anchored(NodeRuntime n, List<Timed> packets, List<Path> nodeCaptures)
            throws IOException {
        List<Seen> seen = new ArrayList<>();
        for (Path p : nodeCaptures) {
            String iface = p.getFileName().toString().replaceFirst("(\\.sent)?\\.pcap$", "");
            try (CaptureReader r = CaptureReader.open(p)) {
                while (r.next()) {
                    seen.add(new Seen(r.timestampNanos(), iface,
                            FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength())));
                }
            }
        }
        seen.sort((a, b) -> Long.compare(a.time(), b.time()));
        boolean[] used = new boolean[seen.size()];
        List<Timed> out = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        long previousSeen = Long.MIN_VALUE;
        for (Timed t : packets) {
            String key = key(t.datagram());
            long time = t.time();
            for (int i = 0; i < seen.size(); i++) {
                Seen s = seen.get(i);
                if (used[i] || s.time() < previous || !s.frame().isIpv4() || !key.equals(key(s.frame().ipv4()))) {
                    continue;
                }
                used[i] = true;
                time = s.time();
                long seenAt = s.time();
                Ipv4Address hop = nextHop(n, s.frame().ip().destination());
                // An ARP request on the way out since the previous packet went out: this packet waited for it,
                // unless another packet to the same next hop left by that interface in between (forwarded
                // traffic, not in the NFLOG capture): the answer came for that one.
                for (int j = i - 1; j >= 0 && seen.get(j).time() > previousSeen; j--) {
                    Seen a = seen.get(j);
                    if (!a.iface().equals(s.iface())) {
                        continue;
                    }
                    if (a.frame().isIpv4() && nextHop(n, a.frame().ip().destination()).equals(hop)) {
                        break;
                    }
                    if (a.frame().network() instanceof ArpMessage arp && arp.operation() == ArpMessage.REQUEST
                            && arp.targetIp().equals(hop)) {
                        time = a.time();
                    }
                }
                time -= 1;
                previousSeen = seenAt;
                break;
            }
            time = Math.max(time, previous == Long.MIN_VALUE ? time : previous + 1);
            previous = time;
            out.add(new Timed(time, t.datagram()));
        }
        return out;
    }

    private static Ipv4Address nextHop(NodeRuntime n, Ipv4Address to) {
        Route route = n.routes().lookup(to);
        return route != null && route.gateway() != null ? route.gateway() : to;
    }

    /** What NAT and routing leave alone in a packet. */
    private static String key(Ipv4Datagram d) {
        StringBuilder sb = new StringBuilder().append(d.header().protocol()).append(' ')
                .append(d.header().identification());
        if (d.transport() instanceof TcpSegment s) {
            sb.append(' ').append(s.sequence()).append(' ').append(s.acknowledgement()).append(' ').append(s.flags())
                    .append(' ').append(s.payload().toHex());
        } else if (d.transport() instanceof UdpDatagram u) {
            sb.append(' ').append(u.payload().toHex());
        } else if (d.transport() instanceof IcmpMessage m) {
            sb.append(' ').append(m.type()).append(' ').append(m.code()).append(' ').append(m.data().toHex());
        }
        return sb.toString();
    }

    private static void requireNflog(Path capture, int linkType) throws IOException {
        if (linkType != NFLOG) {
            throw new IOException(capture + ": link type " + linkType + ", want NFLOG (" + NFLOG
                    + ", tcpdump -i nflog:GROUP)");
        }
    }

    private static List<Timed> read(Path capture) throws IOException {
        List<Timed> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(capture)) {
            // The file's own link type first: an empty capture of another kind is as wrong as a full one.
            for (var i : r.interfaces()) {
                requireNflog(capture, i.linkType());
            }
            while (r.next()) {
                requireNflog(capture, r.linkType());
                byte[] ip = payload(capture, r.buffer(), r.dataOffset(), r.capturedLength());
                if (ip == null || ip.length == 0 || (ip[0] & 0xf0) != 0x40) {
                    continue; // not IPv4
                }
                byte[] frame = new byte[FAKE_ETHERNET.length + ip.length];
                System.arraycopy(FAKE_ETHERNET, 0, frame, 0, FAKE_ETHERNET.length);
                System.arraycopy(ip, 0, frame, FAKE_ETHERNET.length, ip.length);
                Packet p = FrameDecoder.decodeEthernet(frame, 0, frame.length);
                out.add(new Timed(r.timestampNanos(), p.ipv4()));
            }
        }
        return out;
    }

    /**
     * The NFULA_PAYLOAD of one NFLOG record: a 4-byte header (family, version, resource id), then TLVs
     * whose 16-bit length and type are in the capturing host's byte order (little-endian here), each
     * padded to 4 bytes.
     */
    private static byte[] payload(Path capture, byte[] b, int offset, int length) throws IOException {
        int p = offset + 4;
        int end = offset + length;
        while (p + 4 <= end) {
            int len = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
            int type = ((b[p + 2] & 0xff) | (b[p + 3] & 0xff) << 8) & 0x7fff;
            if (len < 4 || p + len > end) {
                throw new IOException(capture + ": malformed NFLOG TLV at byte " + (p - offset) + " of a record");
            }
            if (type == NFULA_PAYLOAD) {
                return java.util.Arrays.copyOfRange(b, p + 4, p + len);
            }
            p += (len + 3) & ~3;
        }
        return null;
    }
}
