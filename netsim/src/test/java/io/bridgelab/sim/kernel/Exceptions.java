package io.bridgelab.sim.kernel;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.InternetChecksum;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.PcapWriter;
import io.bridgelab.sim.world.Node;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The listed exceptions to "every byte as the kernel's", each with its reason. Applied alike to the
 * kernel's and the simulated capture before they are compared, and only to the frames they name.
 *
 * <ol>
 *   <li><b>IP ID of the ICMP errors and echo replies the simulated host sends itself</b> (and the IP header
 *       checksum that covers it). icmp_send() and icmp_reply() send without DF, so the ID comes from
 *       __ip_select_ident(): a SipHash of the addresses under a per-boot random key, into a counter bumped by a
 *       random amount (ip_idents_reserve), different on every run. Recognised as: an ICMP error or echo reply
 *       whose outer source is an address of the simulated host and whose TTL is still 64 (it was not
 *       forwarded). The ID is set to 0 and the header checksum recomputed on both sides; everything else (TOS,
 *       DF clear, the quoted datagram or echoed data, the ICMP checksum) is still compared.</li>
 *   <li><b>The order of a sent and a received frame that crossed on one link</b> (the reordering of
 *       independently sent segments that fixtures/scenarios/README.md documents). The simulated host forwards
 *       in about a microsecond, the kernel in tens of microseconds; when an edge sends a frame within that
 *       window (e.g. busybox nc's FIN while the host forwards httpd's response to it), the kernel's capture on
 *       the edge shows its own frame first and the simulator's shows the forwarded one first. Neither can be
 *       a reaction to the other. Allowed only between a frame the capturing namespace sent and one it
 *       received (told apart by the kernel's IF.sent.pcap of the same interface), whose kernel timestamps are
 *       less than {@link #CROSSING_NANOS} apart; every other pair must keep the kernel's order, and frames in
 *       one direction (IF.sent.pcap against the simulated sent frames) are compared in exact order.</li>
 *   <li><b>The host's unicast ARP probes, in a fresh run of a short scenario that a loaded machine stretched
 *       past 4.5 s three times in a row</b> (KernelScenarioComparisonTest redoes such runs first). The probe
 *       comes from the neighbour DELAY timer 5 s after an unconfirmed entry was used; the kernel fires it with
 *       softirq latency that a loaded machine stretches unpredictably (seen: no probe before tcpdump stopped,
 *       where the simulator probed at exactly 5 s), so whether it lands inside the capture is chance. Left
 *       out of both captures only in such runs; the neighbour-probe scenario checks the probe itself.</li>
 * </ol>
 */
final class Exceptions {
    /** How far apart (kernel time) a sent and a received frame may be and still have crossed on the link. */
    static final long CROSSING_NANOS = 1_000_000;

    private Exceptions() {
    }

    /** How a simulated capture's frame order stands against the kernel's (same frames on both sides). */
    enum Order {
        /** The kernel's order, apart from pairs that crossed on the link (exception 2). */
        KERNELS,
        /**
         * Not the kernel's order, but only because the kernel delivered received frames later than the
         * simulation did: in every pair in a different order, the frame the kernel shows later is one the
         * capturing namespace received, and at least one such pair is not a crossing within
         * {@link #CROSSING_NANOS}. Seen on a loaded machine: a hairpinned response captured after the FIN
         * its receiver sent 1+ ms later, and after the hairpinned FIN itself (softirq work deferred to
         * ksoftirqd, per-CPU backlogs). The simulation's order is one the kernel gives on an idle machine; a
         * fresh kernel run in this state is redone (KernelScenarioComparisonTest), never accepted.
         */
        LATE_DELIVERY,
        /**
         * Not the kernel's order, but only between frames the simulation saw less than {@link #CROSSING_NANOS}
         * apart (that are not a crossing, exception 2): frames that follow from edge frames sent that close
         * together, which the kernel may handle in either order. An edge's processes run on different CPUs, and
         * a veth hands each frame to the backlog of the CPU that sent it (netif_rx), so two frames one container
         * sent microseconds apart from two sockets are bridged and routed by two CPUs at once. Seen on a loaded
         * machine: test2's hairpinned connection, whose client FIN and server response (from busybox nc and
         * httpd in one container) left docker0 in the other order than test2 had sent them. The simulation
         * delivers them in their sending order, which the kernel gives on an idle machine; a fresh kernel run in
         * this state is redone (KernelScenarioComparisonTest), never accepted.
         */
        CONCURRENT_EDGE_FRAMES,
        /** Any other difference: the simulation is wrong. */
        OTHER
    }

    /**
     * How {@code simulated} (the same frames as {@code kernel}, as hex) keeps the kernel's order: see
     * {@link Order}. {@code sent} holds the frames the capturing namespace sent (the kernel's IF.sent.pcap).
     * Any pair out of the kernel's order that is neither a crossing nor a redo case makes it {@link Order#OTHER}.
     */
    static Order order(List<String> kernel, List<Long> kernelTimes, List<String> simulated,
                       List<Long> simulatedTimes, java.util.Set<String> sent) {
        if (kernel.size() != simulated.size()) {
            return Order.OTHER;
        }
        // The i-th frame of the simulation is the n-th occurrence of its bytes; pair it with the kernel's n-th.
        java.util.Map<String, java.util.ArrayDeque<Integer>> positions = new java.util.HashMap<>();
        for (int i = 0; i < kernel.size(); i++) {
            positions.computeIfAbsent(kernel.get(i), x -> new java.util.ArrayDeque<>()).add(i);
        }
        int[] at = new int[simulated.size()];
        for (int i = 0; i < simulated.size(); i++) {
            java.util.ArrayDeque<Integer> q = positions.get(simulated.get(i));
            if (q == null || q.isEmpty()) {
                return Order.OTHER;
            }
            at[i] = q.poll();
        }
        Order order = Order.KERNELS;
        for (int i = 0; i < at.length; i++) {
            for (int j = i + 1; j < at.length; j++) {
                if (at[i] < at[j]) {
                    continue;
                }
                // The simulation has a before b, the kernel b before a.
                String a = kernel.get(at[i]);
                String b = kernel.get(at[j]);
                boolean crossed = sent.contains(a) != sent.contains(b)
                        && Math.abs(kernelTimes.get(at[i]) - kernelTimes.get(at[j])) < CROSSING_NANOS;
                if (crossed) {
                    continue;
                }
                Order pair = Math.abs(simulatedTimes.get(i) - simulatedTimes.get(j)) < CROSSING_NANOS
                        ? Order.CONCURRENT_EDGE_FRAMES
                        : sent.contains(a) ? Order.OTHER : Order.LATE_DELIVERY;
                if (pair == Order.OTHER) {
                    return Order.OTHER;
                }
                if (order == Order.KERNELS) {
                    order = pair;
                }
            }
        }
        return order;
    }

    /**
     * {@code pcap} with the exceptions applied, written under {@code dir} (the original when none applies).
     *
     * @param withoutProbes leave out the simulated host's unicast ARP probes (exception 3)
     */
    static Path normalised(Path pcap, Node host, Path dir, boolean withoutProbes) throws IOException {
        boolean changed = false;
        Path out = dir.resolve(pcap.getParent().getFileName().toString()).resolve(pcap.getFileName().toString());
        Files.createDirectories(out.getParent());
        try (CaptureReader r = CaptureReader.open(pcap); OutputStream o = Files.newOutputStream(out);
             PcapWriter w = new PcapWriter(o, r.linkType(), true, PcapWriter.DEFAULT_SNAP_LENGTH)) {
            while (r.next()) {
                // Ethernet, or raw IP on a device without a link layer (a tun's capture).
                Packet p = FrameDecoder.decode(r.linkType(), r.buffer(), r.dataOffset(), r.capturedLength()).packet();
                if (withoutProbes && isHostProbe(p, host)) {
                    changed = true;
                    continue;
                }
                Packet q = hostIcmpErrorWithoutId(p, host);
                changed |= q != p;
                byte[] bytes = FrameEncoder.encode(q);
                w.write(r.timestampNanos(), 0, bytes.length, bytes, 0, bytes.length);
            }
        }
        return changed ? out : pcap;
    }

    /** A unicast ARP request from one of the host's interfaces: the neighbour DELAY timer's probe. */
    private static boolean isHostProbe(Packet p, Node host) {
        if (!(p.network() instanceof ArpMessage arp) || arp.operation() != ArpMessage.REQUEST
                || p.ethernet().destination().isBroadcast()) {
            return false;
        }
        return host.interfaces().stream().anyMatch(i -> i.mac().equals(p.ethernet().source()));
    }

    private static Packet hostIcmpErrorWithoutId(Packet p, Node host) {
        if (!p.isIpv4() || !(p.transport() instanceof IcmpMessage icmp) || !icmp.isError() && icmp.type() != 0
                || p.ip().ttl() != 64 || !host.ownsAddress(p.ip().source())) {
            return p;
        }
        Ipv4Header h = p.ip();
        Ipv4Header zero = new Ipv4Header(h.tos(), h.totalLength(), 0, h.dontFragment(), h.moreFragments(),
                h.fragmentOffset(), h.ttl(), h.protocol(), 0, h.source(), h.destination(), h.options());
        return p.withNetwork(new Ipv4Datagram(zero.withChecksum(InternetChecksum.header(zero)), p.ipv4().transport()));
    }
}
