package io.bridgelab.sim.kernel;

import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.sim.l3.InternetChecksum;
import io.bridgelab.sim.world.Node;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The listed exceptions to "every byte as the kernel's", each with its reason. Applied alike to the
 * kernel's and the simulated capture before they are compared, and only to the frames they name.
 *
 * <ol>
 *   <li><b>IP ID of the ICMP errors the simulated host sends itself</b> (and the IP header checksum that
 *       covers it). icmp_send() sends without DF, so the ID comes from __ip_select_ident(): a SipHash of the
 *       addresses under a per-boot random key, into a counter bumped by a random amount
 *       (ip_idents_reserve), different on every run. Recognised as: an ICMP error whose outer source is an
 *       address of the simulated host and whose TTL is still 64 (it was not forwarded). The ID is set to 0
 *       and the header checksum recomputed on both sides; everything else (TOS 0xc0, DF clear, the quoted
 *       datagram, the ICMP checksum) is still compared.</li>
 * </ol>
 */
final class Exceptions {
    private Exceptions() {
    }

    /** {@code pcap} with the exceptions applied, written under {@code dir} (the original when none applies). */
    static Path normalised(Path pcap, Node host, Path dir) throws IOException {
        boolean changed = false;
        Path out = dir.resolve(pcap.getParent().getFileName().toString()).resolve(pcap.getFileName().toString());
        Files.createDirectories(out.getParent());
        try (CaptureReader r = CaptureReader.open(pcap); OutputStream o = Files.newOutputStream(out);
             PcapWriter w = new PcapWriter(o, LinkType.ETHERNET, true, PcapWriter.DEFAULT_SNAP_LENGTH)) {
            while (r.next()) {
                Packet p = FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength());
                Packet q = hostIcmpErrorWithoutId(p, host);
                changed |= q != p;
                byte[] bytes = FrameEncoder.encode(q);
                w.write(r.timestampNanos(), 0, bytes.length, bytes, 0, bytes.length);
            }
        }
        return changed ? out : pcap;
    }

    private static Packet hostIcmpErrorWithoutId(Packet p, Node host) {
        if (!p.isIpv4() || !(p.transport() instanceof IcmpMessage icmp) || !icmp.isError()
                || p.ip().ttl() != 64 || !host.ownsAddress(p.ip().source())) {
            return p;
        }
        Ipv4Header h = p.ip();
        Ipv4Header zero = new Ipv4Header(h.tos(), h.totalLength(), 0, h.dontFragment(), h.moreFragments(),
                h.fragmentOffset(), h.ttl(), h.protocol(), 0, h.source(), h.destination(), h.options());
        return p.withNetwork(new Ipv4Datagram(zero.withChecksum(InternetChecksum.header(zero)), p.ipv4().transport()));
    }
}
