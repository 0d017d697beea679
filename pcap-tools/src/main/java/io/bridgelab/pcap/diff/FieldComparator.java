package io.bridgelab.pcap.diff;

import io.bridgelab.netfilter.packet.ArpMessage;
import io.bridgelab.netfilter.packet.Bytes;
import io.bridgelab.netfilter.packet.Ethernet;
import io.bridgelab.netfilter.packet.IcmpMessage;
import io.bridgelab.netfilter.packet.Ipv4Datagram;
import io.bridgelab.netfilter.packet.Ipv4Header;
import io.bridgelab.netfilter.packet.Ipv6Datagram;
import io.bridgelab.netfilter.packet.OpaqueNetwork;
import io.bridgelab.netfilter.packet.OpaqueTransport;
import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.packet.TcpFlags;
import io.bridgelab.netfilter.packet.TcpSegment;
import io.bridgelab.netfilter.packet.Transport;
import io.bridgelab.netfilter.packet.UdpDatagram;
import io.bridgelab.pcap.codec.LinuxCookedHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares a pair of packets field by field, skipping ignored field groups. In a NAT-aware comparison,
 * differing addresses and ports are handed to the translation table instead of being reported as changes.
 */
final class FieldComparator {
    private final DiffOptions o;
    private final TranslationTable translations;
    private List<FieldChange> out;

    FieldComparator(DiffOptions options, TranslationTable translations) {
        this.o = options;
        this.translations = translations;
    }

    /** The changed fields of the pair; empty when they are the same under the options. */
    List<FieldChange> compare(CapturedPacket e, CapturedPacket a) {
        out = new ArrayList<>(0);
        field(DiffField.TS, "ts", e.timestampNanos(), a.timestampNanos());
        if (e.raw() != null || a.raw() != null) {
            field(DiffField.PAYLOAD, "raw", e.raw() == null ? "decoded" : e.raw().toHex(),
                    a.raw() == null ? "decoded" : a.raw().toHex());
            return out;
        }
        if (!o.ignores(DiffField.LINK)) {
            field(DiffField.LINK, "link", link(e.frame().cooked()), link(a.frame().cooked()));
        }
        Packet pe = e.packet();
        Packet pa = a.packet();
        ethernet(pe.ethernet(), pa.ethernet());
        field(DiffField.PADDING, "padding", pe.trailer(), pa.trailer());
        if (pe.network().getClass() != pa.network().getClass() || pe.network().etherType() != pa.network().etherType()) {
            out.add(new FieldChange("type", PacketSummary.of(pe), PacketSummary.of(pa)));
            return out;
        }
        if (pe.network() instanceof Ipv4Datagram de) {
            ipv4(de, (Ipv4Datagram) pa.network());
        } else if (pe.network() instanceof ArpMessage ae) {
            ArpMessage aa = (ArpMessage) pa.network();
            field(DiffField.FLAGS, "arp.op", ae.operation(), aa.operation());
            field(DiffField.MAC, "arp.sha", ae.senderMac(), aa.senderMac());
            field(DiffField.MAC, "arp.tha", ae.targetMac(), aa.targetMac());
            field(DiffField.ADDR, "arp.spa", ae.senderIp(), aa.senderIp());
            field(DiffField.ADDR, "arp.tpa", ae.targetIp(), aa.targetIp());
        } else if (pe.network() instanceof Ipv6Datagram v6) {
            field(DiffField.PAYLOAD, "ipv6", v6.bytes(), ((Ipv6Datagram) pa.network()).bytes());
        } else {
            field(DiffField.PAYLOAD, "payload", ((OpaqueNetwork) pe.network()).bytes(),
                    ((OpaqueNetwork) pa.network()).bytes());
        }
        return out;
    }

    private void ethernet(Ethernet e, Ethernet a) {
        if (e == null || a == null) {
            return;
        }
        field(DiffField.MAC, "eth.src", e.source(), a.source());
        field(DiffField.MAC, "eth.dst", e.destination(), a.destination());
        field(DiffField.VLAN, "eth.vlan", e.vlan(), a.vlan());
    }

    private void ipv4(Ipv4Datagram de, Ipv4Datagram da) {
        Ipv4Header e = de.header();
        Ipv4Header a = da.header();
        header("ip", e, a);
        Transport te = de.transport();
        Transport ta = da.transport();
        int sportE = -1;
        int sportA = -1;
        int dportE = -1;
        int dportA = -1;
        if (te.getClass() != ta.getClass()) {
            out.add(new FieldChange("ip.transport", te.getClass().getSimpleName(), ta.getClass().getSimpleName()));
        } else if (te instanceof TcpSegment t) {
            TcpSegment u = (TcpSegment) ta;
            sportE = t.sourcePort();
            sportA = u.sourcePort();
            dportE = t.destinationPort();
            dportA = u.destinationPort();
            field(DiffField.SEQ, "tcp.seq", t.sequence(), u.sequence());
            field(DiffField.SEQ, "tcp.ack", t.acknowledgement(), u.acknowledgement());
            field(DiffField.FLAGS, "tcp.flags", TcpFlags.format(t.flags()), TcpFlags.format(u.flags()));
            field(DiffField.FLAGS, "tcp.urg", t.urgentPointer(), u.urgentPointer());
            field(DiffField.WINDOW, "tcp.window", t.window(), u.window());
            field(DiffField.CHECKSUM, "tcp.checksum", hex(t.checksum()), hex(u.checksum()));
            field(DiffField.TCPOPTS, "tcp.options", t.options(), u.options());
            field(DiffField.PAYLOAD, "tcp.payload", t.payload(), u.payload());
        } else if (te instanceof UdpDatagram t) {
            UdpDatagram u = (UdpDatagram) ta;
            sportE = t.sourcePort();
            sportA = u.sourcePort();
            dportE = t.destinationPort();
            dportA = u.destinationPort();
            field(DiffField.LEN, "udp.len", t.udpLength(), u.udpLength());
            field(DiffField.CHECKSUM, "udp.checksum", hex(t.checksum()), hex(u.checksum()));
            field(DiffField.PAYLOAD, "udp.payload", t.payload(), u.payload());
        } else if (te instanceof IcmpMessage t) {
            icmp(t, (IcmpMessage) ta);
        } else {
            field(DiffField.PAYLOAD, "ip.payload", ((OpaqueTransport) te).bytes(), ((OpaqueTransport) ta).bytes());
        }
        endpoint(true, e.source().toString(), sportE, a.source().toString(), sportA);
        endpoint(false, e.destination().toString(), dportE, a.destination().toString(), dportA);
    }

    private void header(String prefix, Ipv4Header e, Ipv4Header a) {
        field(DiffField.TOS, prefix + ".tos", e.tos(), a.tos());
        field(DiffField.LEN, prefix + ".len", e.totalLength(), a.totalLength());
        field(DiffField.IPID, prefix + ".id", e.identification(), a.identification());
        field(DiffField.FRAG, prefix + ".frag", frag(e), frag(a));
        field(DiffField.TTL, prefix + ".ttl", e.ttl(), a.ttl());
        field(DiffField.FLAGS, prefix + ".proto", e.protocol(), a.protocol());
        field(DiffField.CHECKSUM, prefix + ".checksum", hex(e.checksum()), hex(a.checksum()));
        field(DiffField.IPOPTS, prefix + ".options", e.options(), a.options());
    }

    private void icmp(IcmpMessage t, IcmpMessage u) {
        field(DiffField.ICMP, "icmp.type", t.type(), u.type());
        field(DiffField.ICMP, "icmp.code", t.code(), u.code());
        field(DiffField.CHECKSUM, "icmp.checksum", hex(t.checksum()), hex(u.checksum()));
        if (!t.isError() && o.natAware()) {
            // The echo identifier is the ICMP "port": NAT may rewrite it, like a port.
            field(DiffField.ICMP, "icmp.seq", t.sequenceNumber(), u.sequenceNumber());
        } else {
            field(DiffField.ICMP, "icmp.rest", hex(t.restOfHeader()), hex(u.restOfHeader()));
        }
        Ipv4Header qe = t.embedded();
        Ipv4Header qa = u.embedded();
        Bytes de = t.data();
        Bytes da = u.data();
        if (qe != null && qa != null && o.natAware()) {
            // NAT rewrites the quoted datagram's addresses, checksum and (in its first 8 bytes) ports.
            qa = qa.withSource(qe.source()).withDestination(qe.destination()).withChecksum(qe.checksum());
            de = tail(de, 8);
            da = tail(da, 8);
        }
        if (qe == null || qa == null) {
            field(DiffField.ICMP, "icmp.quoted", qe, qa);
        } else if (!o.ignores(DiffField.ICMP)) {
            header("icmp.quoted", qe, qa);
            field(DiffField.ADDR, "icmp.quoted.src", qe.source(), qa.source());
            field(DiffField.ADDR, "icmp.quoted.dst", qe.destination(), qa.destination());
        }
        field(DiffField.PAYLOAD, "icmp.data", de, da);
    }

    private void endpoint(boolean source, String ipE, int portE, String ipA, int portA) {
        String side = source ? "src" : "dst";
        if (!o.natAware()) {
            field(DiffField.ADDR, "ip." + side, ipE, ipA);
            field(DiffField.PORT, "l4." + side + "port", portE, portA);
            return;
        }
        boolean ipDiffers = !ipE.equals(ipA) && !o.ignores(DiffField.ADDR);
        boolean portDiffers = portE != portA && !o.ignores(DiffField.PORT);
        if (ipDiffers || portDiffers) {
            translations.saw(endpoint(ipE, portE), endpoint(ipA, portA), source);
        }
    }

    private static String link(LinuxCookedHeader c) {
        return c == null ? "ethernet" : String.format("SLL%s pkttype=%d hatype=%d ifindex=%d addr=%s proto=0x%04x",
                c.version() == 1 ? "" : "2", c.packetType(), c.hardwareType(), c.interfaceIndex(),
                c.address().toHex().substring(0, Math.min(16, 2 * c.addressLength())), c.protocol());
    }

    private static String endpoint(String ip, int port) {
        return port < 0 ? ip : ip + ":" + port;
    }

    private static Bytes tail(Bytes b, int from) {
        return b.length() <= from ? Bytes.EMPTY : Bytes.copyOf(b.toArray(), from, b.length() - from);
    }

    private static String frag(Ipv4Header h) {
        return (h.dontFragment() ? "DF" : "") + (h.moreFragments() ? "MF" : "") + "+" + h.fragmentOffset() * 8;
    }

    private static String hex(int v) {
        return String.format("0x%04x", v);
    }

    private void field(DiffField group, String name, long e, long a) {
        if (e != a && !o.ignores(group)) {
            out.add(new FieldChange(name, Long.toString(e), Long.toString(a)));
        }
    }

    private void field(DiffField group, String name, Object e, Object a) {
        if (!Objects.equals(e, a) && !o.ignores(group)) {
            out.add(new FieldChange(name, String.valueOf(e instanceof Bytes b ? b.toHex() : e),
                    String.valueOf(a instanceof Bytes b ? b.toHex() : a)));
        }
    }
}
