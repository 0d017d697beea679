package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.OpaqueNetwork;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.UdpDatagram;

/**
 * The identity under which two packets are taken to be "the same packet" seen twice: a 64-bit hash of the
 * fields that routing and NAT leave alone (IP ID, protocol, TCP sequence numbers and flags, payload, ICMP
 * echo sequence, ...), plus addresses and ports unless the comparison is NAT-aware. Ignored fields leave
 * the key too. Fields outside the key (TTL, MACs, checksums, ...) are what a pair is then compared on.
 */
final class PairingKey {
    private PairingKey() {
    }

    static long of(CapturedPacket cp, DiffOptions o) {
        if (cp.raw() != null) {
            return mix(0x5eed, cp.raw().hashCode());
        }
        Packet p = cp.packet();
        long h = mix(0x1234_5678_9abcL, p.network().etherType());
        boolean payload = !o.ignores(DiffField.PAYLOAD);
        if (p.network() instanceof Ipv4Datagram d) {
            Ipv4Header ip = d.header();
            h = mix(h, ip.protocol());
            if (!o.ignores(DiffField.IPID)) {
                h = mix(h, ip.identification());
            }
            if (!o.natAware() && !o.ignores(DiffField.ADDR)) {
                h = mix(mix(h, ip.source().bits()), ip.destination().bits());
            }
            if (!o.ignores(DiffField.FRAG)) {
                h = mix(h, ip.fragmentOffset());
            }
            boolean ports = !o.natAware() && !o.ignores(DiffField.PORT);
            if (d.transport() instanceof TcpSegment t) {
                if (ports) {
                    h = mix(h, t.sourcePort() << 16 | t.destinationPort());
                }
                if (!o.ignores(DiffField.SEQ)) {
                    h = mix(mix(h, t.sequence()), t.acknowledgement());
                }
                if (!o.ignores(DiffField.FLAGS)) {
                    h = mix(h, t.flags());
                }
                if (payload) {
                    h = mix(h, t.payload().hashCode());
                }
            } else if (d.transport() instanceof UdpDatagram u) {
                if (ports) {
                    h = mix(h, u.sourcePort() << 16 | u.destinationPort());
                }
                if (payload) {
                    h = mix(h, u.payload().hashCode());
                }
            } else if (d.transport() instanceof IcmpMessage m) {
                if (!o.ignores(DiffField.ICMP)) {
                    h = mix(h, m.type() << 8 | m.code());
                    if (!m.isError()) {
                        // NAT may rewrite the echo identifier (it is the "port" of ICMP), never the sequence.
                        h = mix(h, o.natAware() ? m.sequenceNumber() : m.restOfHeader());
                    } else if (m.embedded() != null && !o.ignores(DiffField.IPID)) {
                        h = mix(h, m.embedded().identification());
                    }
                }
                if (payload && !m.isError()) {
                    h = mix(h, m.data().hashCode());
                }
            } else if (payload) {
                h = mix(h, ((OpaqueTransport) d.transport()).bytes().hashCode());
            }
        } else if (p.network() instanceof ArpMessage a) {
            h = mix(h, a.operation());
            if (!o.ignores(DiffField.ADDR)) {
                h = mix(mix(h, a.senderIp().bits()), a.targetIp().bits());
            }
        } else if (p.network() instanceof Ipv6Datagram v6) {
            h = payload ? mix(h, v6.bytes().hashCode()) : h;
        } else if (payload) {
            h = mix(h, ((OpaqueNetwork) p.network()).bytes().hashCode());
        }
        return h;
    }

    /** A 64-bit mixing step (the finaliser of SplitMix64 over the running hash and the value). */
    private static long mix(long h, long v) {
        long z = h * 0x9e37_79b9_7f4a_7c15L + v;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
