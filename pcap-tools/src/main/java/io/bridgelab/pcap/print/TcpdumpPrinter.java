package io.bridgelab.pcap.print;

import io.bridgelab.pcap.codec.Checksums;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints Ethernet frames as tcpdump 4.99 prints them ({@code tcpdump -n} or {@code -nn}, and the {@link Options}):
 * one line per frame (more with {@code -v}, {@code -X}, {@code -A}), for IPv4 (TCP, UDP, ICMP, fragments) and ARP,
 * from the frame's bytes as tcpdump reads them. Like tcpdump, one printer keeps the conversations it has seen: a TCP
 * segment carrying an ACK is shown with sequence and acknowledgement numbers relative to the first ACK-bearing
 * segment of its conversation (print-tcp.c's tcp_seq_hash), so the lines of one capture must go through one
 * printer, in order.
 *
 * <p>Not printed as tcpdump would: payloads of the protocols it dissects by port other than HTTP (80, 8080), such
 * as DNS on 53 or SSH on 22 (their lines end after {@code length N}); IPv6, VLAN tags and other ethertypes (a line
 * naming the ethertype); ARP for hardware other than Ethernet and IPv4. The line's time is the frame's
 * timestamp's time of day in UTC (tcpdump prints local time).
 */
public final class TcpdumpPrinter {
    /**
     * How the lines look: tcpdump's {@code -e} (link-level header), {@code -t} (no time stamp), {@code -v}: the IP
     * header's fields on a line of their own, TCP checksums checked, ARP's address formats, HTTP's every header line,
     * an ICMP error's quoted datagram (lines after the first, as tcpdump prints them, joined by line breaks), and
     * {@code -q} (quick): TCP as {@code tcp LENGTH}, UDP undecoded, the link header without the ethertype's number.
     */
    public record Options(boolean linkHeader, boolean timestamps, boolean verbose, Dump dump, boolean quick) {
        public Options(boolean linkHeader, boolean timestamps) {
            this(linkHeader, timestamps, false, Dump.NONE, false);
        }

        public Options(boolean linkHeader, boolean timestamps, boolean verbose) {
            this(linkHeader, timestamps, verbose, Dump.NONE, false);
        }

        public Options(boolean linkHeader, boolean timestamps, boolean verbose, Dump dump) {
            this(linkHeader, timestamps, verbose, dump, false);
        }
    }

    /** The packet's bytes after its line, less the link-level header: {@code -X} in hex and ASCII, {@code -A} ASCII. */
    public enum Dump { NONE, HEX_AND_ASCII, ASCII }

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;

    private final Options options;
    private final ServiceNames services;
    /** A TCP conversation (addresses and ports in tcpdump's collating order) -> its base sequence numbers. */
    private final Map<Conversation, long[]> conversations = new HashMap<>();
    /** How deep the ICMP error being printed is quoted in others (-v prints each quoted datagram). */
    private int quoteDepth;

    private record Conversation(int source, int destination, int ports) {
    }

    public TcpdumpPrinter(Options options, ServiceNames services) {
        this.options = options;
        this.services = services;
    }

    /** The line tcpdump prints for {@code frame} (its first {@code length} bytes), without a line break. */
    public String line(long timestampNanos, byte[] frame, int length) {
        StringBuilder out = new StringBuilder(128);
        if (options.timestamps()) {
            out.append(timeOfDay(timestampNanos)).append(' ');
        }
        Bytes b = new Bytes(frame, length);
        if (length < 14) {
            return out.append("[|ether]").toString();
        }
        int etherType = b.u16(12);
        if (options.linkHeader() && options.quick()) {
            out.append(mac(b, 6)).append(" > ").append(mac(b, 0)).append(", ").append(etherTypeName(etherType))
                    .append(", length ").append(length).append(": ");
        } else if (options.linkHeader()) {
            out.append(mac(b, 6)).append(" > ").append(mac(b, 0)).append(", ethertype ")
                    .append(etherTypeName(etherType))
                    .append(String.format(" (0x%04x), length %d: ", etherType, length));
        }
        payload(out, etherType, b, length);
        dump(out, b.from(14));
        return out.toString();
    }

    /**
     * The line tcpdump prints for a raw IP packet (LINKTYPE_RAW: the capture of a device without a link layer, a tun):
     * the same as for an Ethernet frame's IPv4 packet, but {@code -e} puts {@code ip: } where the Ethernet header
     * would be. IPv6 is not decoded (as in an Ethernet frame): its line names the version and the length only.
     */
    public String rawLine(long timestampNanos, byte[] packet, int length) {
        StringBuilder out = new StringBuilder(128);
        if (options.timestamps()) {
            out.append(timeOfDay(timestampNanos)).append(' ');
        }
        Bytes b = new Bytes(packet, length);
        int version = length < 1 ? -1 : b.u8(0) >>> 4;
        if (version == 4) {
            if (options.linkHeader()) {
                out.append("ip: ");
            }
            ipv4(out, b, length);
        } else if (version == 6) {
            out.append(options.linkHeader() ? "ip6: " : "").append("IP6, length ").append(length);
        } else {
            out.append(length < 1 ? "[|ip]" : "IP" + version + ", bad version, length " + length);
        }
        dump(out, b);
        return out.toString();
    }

    /**
     * The line {@code tcpdump -i any} prints for an Ethernet frame seen on interface {@code ifname}: Linux's cooked
     * capture (LINUX_SLL2) puts the interface's name and the packet's direction before it ({@code In}, {@code Out},
     * {@code B} broadcast, {@code M} multicast, {@code P} for another host), and with {@code -e} its index, the
     * source address and the protocol instead of the Ethernet header (20 bytes of cooked header in its length).
     */
    public String anyLine(long timestampNanos, String ifname, int ifindex, String direction, byte[] frame,
                          int length) {
        StringBuilder out = new StringBuilder(128);
        if (options.timestamps()) {
            out.append(timeOfDay(timestampNanos)).append(' ');
        }
        out.append(String.format("%-5s %-3s ", ifname, direction));
        Bytes b = new Bytes(frame, length);
        if (length < 14) {
            return out.append("[|sll2]").toString();
        }
        int etherType = b.u16(12);
        if (options.linkHeader()) {
            out.append("ifindex ").append(ifindex).append(' ').append(mac(b, 6)).append(' ');
            if (!options.quick()) {
                out.append("ethertype ").append(etherTypeName(etherType))
                        .append(String.format(" (0x%04x), length %d: ", etherType, length - 14 + 20));
            }
        }
        payload(out, etherType, b, length);
        dump(out, b.from(14));
        return out.toString();
    }

    /**
     * -X: lines of 16 bytes, offset, eight groups of two in hex and the bytes in ASCII ('.' for what is not a
     * graphic character); -A: the bytes in ASCII (tab, space and line feed kept, a carriage return before a line
     * feed or at the end dropped, anything else not graphic a '.'). Both start on a new line.
     */
    private void dump(StringBuilder out, Bytes data) {
        if (options.dump() == Dump.HEX_AND_ASCII) {
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            int offset = 0;
            for (int i = 0; i < data.length(); i++) {
                int c = data.u8(i);
                hex.append(i % 2 == 0 ? " " : "").append(String.format("%02x", c));
                ascii.append(c > 0x20 && c < 0x7f ? (char) c : '.');
                if (ascii.length() == 16 || i == data.length() - 1) {
                    out.append(String.format("\n\t0x%04x: %-40s  %s", offset, hex, ascii));
                    offset += 16;
                    hex.setLength(0);
                    ascii.setLength(0);
                }
            }
        } else if (options.dump() == Dump.ASCII) {
            out.append('\n');
            for (int i = 0; i < data.length(); i++) {
                int c = data.u8(i);
                if (c == '\r') {
                    // ascii_print: a CR is left out before a line feed and in the last two bytes.
                    if (data.length() - i - 1 > 1 && data.u8(i + 1) != '\n') {
                        out.append('.');
                    }
                } else {
                    out.append(c > 0x20 && c < 0x7f || c == '\t' || c == ' ' || c == '\n' ? (char) c : '.');
                }
            }
        }
    }

    /** What follows the link-level part: the network layer's line. */
    private void payload(StringBuilder out, int etherType, Bytes b, int length) {
        if (etherType == ETHERTYPE_IPV4) {
            ipv4(out, b.from(14), length - 14);
        } else if (etherType == ETHERTYPE_ARP) {
            if (!options.linkHeader()) {
                out.append("ARP, ");
            }
            arp(out, b.from(14));
        } else if (!options.linkHeader()) {
            out.append(String.format("ethertype %s (0x%04x), length %d: ", etherTypeName(etherType), etherType,
                    length));
        }
    }

    private static String etherTypeName(int etherType) {
        return switch (etherType) {
            case ETHERTYPE_IPV4 -> "IPv4";
            case ETHERTYPE_ARP -> "ARP";
            case 0x86dd -> "IPv6";
            case 0x8100 -> "802.1Q";
            default -> "Unknown";
        };
    }

    /** HH:MM:SS.uuuuuu of the timestamp's time of day (UTC), as tcpdump's default time stamp. */
    static String timeOfDay(long timestampNanos) {
        long micros = Math.floorMod(timestampNanos / 1000, 86_400_000_000L);
        LocalTime t = LocalTime.ofNanoOfDay(micros * 1000);
        return String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), micros % 1_000_000);
    }

    // ---- ARP (print-arp.c) ----

    private void arp(StringBuilder out, Bytes a) {
        if (a.length() < 8) {
            out.append("[|arp]");
            return;
        }
        int hardware = a.u16(0);
        int protocol = a.u16(2);
        int hln = a.u8(4);
        int pln = a.u8(5);
        int op = a.u16(6);
        if (hardware != 1 || protocol != ETHERTYPE_IPV4 || hln != 6 || pln != 4 || a.length() < 28) {
            out.append(String.format("arp hardware %d protocol 0x%04x, length %d", hardware, protocol, a.length()));
            return;
        }
        String senderIp = ip(a, 14);
        String targetIp = ip(a, 24);
        if (options.verbose()) {
            out.append("Ethernet (len 6), IPv4 (len 4), ");
        }
        switch (op) {
            case 1 -> {
                out.append("Request who-has ").append(targetIp);
                if (!allZero(a, 18, 6)) {
                    out.append(" (").append(mac(a, 18)).append(')');
                }
                out.append(" tell ").append(senderIp);
            }
            case 2 -> out.append("Reply ").append(senderIp).append(" is-at ").append(mac(a, 8));
            default -> out.append("Unknown opcode ").append(op);
        }
        out.append(", length ").append(a.length());
    }

    // ---- IPv4 (print-ip.c) ----

    /**
     * ip_print: {@code length} is what the caller says the datagram has (the frame's rest, or an ICMP error's quoted
     * datagram's own total length, of which only a part may be there).
     */
    private void ipv4(StringBuilder out, Bytes p, int length) {
        if (!options.linkHeader()) {
            out.append("IP ");
        }
        if (p.length() < 20) {
            out.append("[|ip]");
            return;
        }
        int headerLength = (p.u8(0) & 0x0f) * 4;
        if (headerLength < 20) {
            out.append("bad-hlen ").append(headerLength);
            return;
        }
        int totalLength = p.u16(2);
        int fragment = p.u16(6);
        int protocol = p.u8(9);
        String source = ip(p, 12);
        String destination = ip(p, 16);
        if (options.verbose()) {
            ipHeader(out, p, headerLength, totalLength, fragment, protocol);
        }
        if (totalLength > length) {
            out.append("truncated-ip - ").append(totalLength - length).append(" bytes missing! ");
        }
        Bytes payload = p.range(headerLength, Math.min(totalLength, p.length()));
        int payloadLength = totalLength - headerLength;
        if ((fragment & 0x1fff) != 0) {
            // A later fragment has no transport header: addresses and the protocol number only.
            out.append(source).append(" > ").append(destination).append(": ip-proto-").append(protocol);
            return;
        }
        switch (protocol) {
            case 6 -> tcp(out, p, source, destination, payload, payloadLength, (fragment & 0x3fff) != 0);
            case 17 -> udp(out, source, destination, payload, payloadLength, (fragment & 0x2000) != 0);
            case 1 -> {
                out.append(source).append(" > ").append(destination).append(": ");
                icmp(out, payload, payloadLength, (fragment & 0x3fff) != 0);
            }
            default -> out.append(source).append(" > ").append(destination).append(": ip-proto-").append(protocol)
                    .append(' ').append(payloadLength);
        }
    }

    /** -v's "(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)" and the indented next line. */
    private static void ipHeader(StringBuilder out, Bytes p, int headerLength, int totalLength, int fragment,
                                 int protocol) {
        int tos = p.u8(1);
        out.append("(tos 0x").append(Integer.toHexString(tos));
        switch (tos & 0x03) {
            case 1 -> out.append(",ECT(1)");
            case 2 -> out.append(",ECT(0)");
            case 3 -> out.append(",CE");
            default -> {
            }
        }
        List<String> flags = new ArrayList<>();
        if ((fragment & 0x2000) != 0) {
            flags.add("+");
        }
        if ((fragment & 0x4000) != 0) {
            flags.add("DF");
        }
        if ((fragment & 0x8000) != 0) {
            flags.add("rsvd");
        }
        String name = switch (protocol) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            default -> "unknown";
        };
        out.append(", ttl ").append(p.u8(8)).append(", id ").append(p.u16(4)).append(", offset ")
                .append((fragment & 0x1fff) * 8).append(", flags [")
                .append(flags.isEmpty() ? "none" : String.join(", ", flags)).append("], proto ").append(name)
                .append(" (").append(protocol).append("), length ").append(totalLength);
        if (p.length() >= headerLength) {
            int verify = Checksums.fold(p.sum(headerLength, 0));
            if (verify != 0) {
                int carried = p.u16(10);
                out.append(", bad cksum ").append(Integer.toHexString(carried)).append(" (->")
                        .append(Integer.toHexString(shouldBe(carried, verify))).append(")!");
            }
        }
        out.append(")\n    ");
    }

    /** The pseudo-header's words: addresses of the IPv4 header {@code ip}, protocol, transport length. */
    private static long pseudoHeader(Bytes ip, int protocol, int length) {
        return (long) ip.u16(12) + ip.u16(14) + ip.u16(16) + ip.u16(18) + protocol + length;
    }

    /** in_cksum_shouldbe: the checksum field that would have made {@code verify} 0. */
    private static int shouldBe(int carried, int verify) {
        int shouldBe = (~carried & 0xffff) + (~verify & 0xffff);
        shouldBe = (shouldBe & 0xffff) + (shouldBe >>> 16);
        shouldBe = (shouldBe & 0xffff) + (shouldBe >>> 16);
        return ~shouldBe & 0xffff;
    }

    // ---- UDP (print-udp.c) ----

    private void udp(StringBuilder out, String source, String destination, Bytes u, int length, boolean fragmented) {
        if (u.length() < 8) {
            out.append(source).append(" > ").append(destination).append(": [|udp]");
            return;
        }
        int sourcePort = u.u16(0);
        int destinationPort = u.u16(2);
        int udpLength = u.u16(4);
        out.append(source).append('.').append(services.udp(sourcePort)).append(" > ").append(destination).append('.')
                .append(services.udp(destinationPort)).append(": ");
        if (udpLength < 8) {
            out.append("truncated-udplength ").append(udpLength);
            return;
        }
        if (udpLength > length && !fragmented) {
            // A first fragment carries less than the datagram's length says: no complaint then.
            out.append("UDP, bad length ").append(udpLength).append(" > ").append(length);
            return;
        }
        int dataLength = udpLength - 8;
        if (!options.quick() && (isPort(53, sourcePort, destinationPort) || isPort(5353, sourcePort, destinationPort))
                && dataLength < 12) {
            // domain_print of a message shorter than the DNS header; longer ones are not decoded here.
            out.append("domain [length ").append(dataLength).append(" < 12] (invalid)");
            return;
        }
        out.append("UDP, length ").append(dataLength);
    }

    // ---- ICMP (print-icmp.c) ----

    private void icmp(StringBuilder out, Bytes m, int length, boolean fragmented) {
        if (m.length() < 4) {
            out.append("[|icmp]");
            return;
        }
        int type = m.u8(0);
        int code = m.u8(1);
        out.append("ICMP ");
        switch (type) {
            case 0, 8 -> out.append(type == 8 ? "echo request" : "echo reply").append(", id ").append(m.u16(4))
                    .append(", seq ").append(m.u16(6));
            case 3 -> unreachable(out, m, code);
            case 5 -> {
                String format = switch (code) {
                    case 0 -> "redirect %s to net %s";
                    case 1 -> "redirect %s to host %s";
                    case 2 -> "redirect-tos %s to net %s";
                    case 3 -> "redirect-tos %s to host %s";
                    default -> "redirect-#" + code + " %s to %s";
                };
                out.append(String.format(format, quotedDestination(m), ip(m, 4)));
            }
            case 11 -> out.append(switch (code) {
                case 0 -> "time exceeded in-transit";
                case 1 -> "ip reassembly time exceeded";
                default -> "time exceeded-#" + code;
            });
            case 12 -> out.append(code == 0 ? "parameter problem - octet " + m.u8(4)
                    : "parameter problem - code " + code);
            case 13 -> out.append("time stamp query id ").append(m.u16(4)).append(" seq ").append(m.u16(6));
            case 4 -> out.append("source quench");
            case 10 -> out.append("router solicitation");
            case 15 -> out.append("information request");
            case 16 -> out.append("information reply");
            case 17 -> out.append("address mask request");
            default -> out.append("type-#").append(type);
        }
        out.append(", length ").append(length);
        if (options.verbose() && !fragmented && m.length() >= length) {
            int verify = Checksums.fold(m.sum(length, 0));
            if (verify != 0) {
                int carried = m.u16(2);
                out.append(" (wrong icmp cksum ").append(Integer.toHexString(carried)).append(" (->")
                        .append(Integer.toHexString(shouldBe(carried, verify))).append(")!)");
            }
        }
        if (options.verbose() && (type == 3 || type == 4 || type == 5 || type == 11 || type == 12)) {
            // The quoted datagram, printed as a datagram of the length its own header gives. An error quoting an
            // error quoting an error... stops after a few: only a crafted frame nests them.
            out.append("\n\t");
            Bytes quoted = m.from(8);
            if (++quoteDepth > 4) {
                out.append("[|icmp]");
            } else {
                ipv4(out, quoted, quoted.u16(2));
            }
            quoteDepth--;
        }
    }

    private void unreachable(StringBuilder out, Bytes m, int code) {
        String destination = quotedDestination(m);
        switch (code) {
            case 2 -> out.append(destination).append(" protocol ").append(m.u8(8 + 9)).append(" unreachable");
            case 3 -> {
                int quotedHeader = (m.u8(8) & 0x0f) * 4;
                int quotedProtocol = m.u8(8 + 9);
                int port = m.u16(8 + quotedHeader + 2);
                if (quotedProtocol == 6) {
                    out.append(destination).append(" tcp port ").append(services.tcp(port)).append(" unreachable");
                } else if (quotedProtocol == 17) {
                    out.append(destination).append(" udp port ").append(services.udp(port)).append(" unreachable");
                } else {
                    out.append(destination).append(" protocol ").append(quotedProtocol).append(" port ").append(port)
                            .append(" unreachable");
                }
            }
            case 4 -> {
                int mtu = m.u16(6);
                out.append(destination).append(" unreachable - need to frag");
                if (mtu != 0) {
                    out.append(" (mtu ").append(mtu).append(')');
                }
            }
            default -> out.append(String.format(switch (code) {
                case 0 -> "net %s unreachable";
                case 1 -> "host %s unreachable";
                case 5 -> "%s unreachable - source route failed";
                case 6 -> "net %s unreachable - unknown";
                case 7 -> "host %s unreachable - unknown";
                case 8 -> "%s unreachable - source host isolated";
                case 9 -> "net %s unreachable - admin prohibited";
                case 10 -> "host %s unreachable - admin prohibited";
                case 11 -> "net %s unreachable - tos prohibited";
                case 12 -> "host %s unreachable - tos prohibited";
                case 13 -> "host %s unreachable - admin prohibited filter";
                case 14 -> "host %s unreachable - host precedence violation";
                case 15 -> "host %s unreachable - precedence cutoff";
                default -> "#" + code + " %s unreachable";
            }, destination));
        }
    }

    /** The destination of the datagram an ICMP error quotes (after its 8-byte header). */
    private static String quotedDestination(Bytes m) {
        return m.length() >= 8 + 20 ? ip(m, 8 + 16) : "[|icmp]";
    }

    // ---- TCP (print-tcp.c) ----

    private void tcp(StringBuilder out, Bytes ip, String source, String destination, Bytes t, int length,
                     boolean fragmented) {
        if (t.length() < 20) {
            out.append(source).append(" > ").append(destination).append(": [|tcp]");
            return;
        }
        int sourcePort = t.u16(0);
        int destinationPort = t.u16(2);
        out.append(source).append('.').append(services.tcp(sourcePort)).append(" > ").append(destination).append('.')
                .append(services.tcp(destinationPort)).append(": ");
        int headerLength = (t.u8(12) >>> 4) * 4;
        if (headerLength < 20) {
            out.append("tcp ").append(length - headerLength).append(" [bad hdr length ").append(headerLength)
                    .append(" - too short, < 20]");
            return;
        }
        if (options.quick()) {
            out.append("tcp ").append(length - headerLength);
            if (headerLength > length) {
                out.append(" [bad hdr length ").append(headerLength).append(" - too long, > ").append(length)
                        .append(']');
            }
            return;
        }
        long seq = t.u32(4);
        long ack = t.u32(8);
        int flags = t.u8(13);
        int window = t.u16(14);
        int urgent = t.u16(18);
        out.append("Flags [").append(flags(flags)).append(']');
        boolean reversed = false;
        long baseSeq = 0;
        long baseAck = 0;
        if ((flags & ACK) != 0) {
            int src = ip.s32(12);
            int dst = ip.s32(16);
            reversed = sourcePort > destinationPort
                    || sourcePort == destinationPort && Integer.compareUnsigned(src, dst) > 0;
            Conversation key = reversed ? new Conversation(dst, src, destinationPort << 16 | sourcePort)
                    : new Conversation(src, dst, sourcePort << 16 | destinationPort);
            long[] base = conversations.get(key);
            if (base == null || (flags & SYN) != 0) {
                // A new conversation: its numbers are shown as they are, and become the base of the later ones.
                base = reversed ? new long[] {(ack - 1) & MASK, seq} : new long[] {seq, (ack - 1) & MASK};
                conversations.put(key, base);
            } else if (reversed) {
                seq = (seq - base[1]) & MASK;
                ack = (ack - base[0]) & MASK;
            } else {
                seq = (seq - base[0]) & MASK;
                ack = (ack - base[1]) & MASK;
            }
            baseSeq = base[0];
            baseAck = base[1];
        }
        if (headerLength > length) {
            out.append(" [bad hdr length ").append(headerLength).append(" - too long, > ").append(length).append(']');
            return;
        }
        if (options.verbose() && !fragmented && t.length() >= length) {
            int verify = Checksums.fold(t.sum(length, pseudoHeader(ip, 6, length)));
            int carried = t.u16(16);
            out.append(String.format(", cksum 0x%04x", carried)).append(verify == 0 ? " (correct)"
                    : String.format(" (incorrect -> 0x%04x)", shouldBe(carried, verify)));
        }
        int dataLength = length - headerLength;
        if (dataLength > 0 || (flags & (SYN | FIN | RST)) != 0) {
            out.append(", seq ").append(seq);
            if (dataLength > 0) {
                out.append(':').append((seq + dataLength) & MASK);
            }
        }
        if ((flags & ACK) != 0) {
            out.append(", ack ").append(ack);
        }
        out.append(", win ").append(window);
        if ((flags & URG) != 0) {
            out.append(", urg ").append(urgent);
        }
        if (headerLength > 20) {
            if (!options(out, t, headerLength, reversed, baseSeq, baseAck)) {
                return;
            }
        }
        out.append(", length ").append(dataLength);
        if (dataLength > 0 && (flags & RST) == 0 && t.length() >= headerLength
                && (isPort(80, sourcePort, destinationPort) || isPort(8080, sourcePort, destinationPort))) {
            out.append(": ");
            http(out, t.range(headerLength, t.length()), dataLength);
        }
    }

    private static final long MASK = 0xffffffffL;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final int URG = 0x20;
    private static final int ECE = 0x40;
    private static final int CWR = 0x80;

    private static boolean isPort(int port, int sourcePort, int destinationPort) {
        return sourcePort == port || destinationPort == port;
    }

    /** tcpdump's flag letters, in its table's order; "none" for no flag. */
    private static String flags(int flags) {
        StringBuilder s = new StringBuilder();
        int[] bits = {FIN, SYN, RST, PSH, ACK, URG, ECE, CWR};
        String letters = "FSRP.UEW";
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                s.append(letters.charAt(i));
            }
        }
        return s.length() == 0 ? "none" : s.toString();
    }

    /** Appends {@code , options [...]}; false when an option is malformed (tcpdump ends the line there). */
    private static boolean options(StringBuilder out, Bytes t, int headerLength, boolean reversed, long baseSeq,
                                   long baseAck) {
        out.append(", options [");
        int i = 20;
        boolean first = true;
        while (i < headerLength) {
            if (!first) {
                out.append(',');
            }
            first = false;
            int kind = t.u8(i);
            int len;
            if (kind == 0 || kind == 1) {
                len = 1;
            } else {
                if (i + 1 >= headerLength) {
                    out.append(optionName(kind)).append("[bad opt]]");
                    return false;
                }
                len = t.u8(i + 1);
                if (len < 2 || i + len > headerLength) {
                    out.append("[bad opt]]");
                    return false;
                }
            }
            out.append(optionName(kind));
            int data = i + 2;
            int expected;
            switch (kind) {
                case 0, 1, 4 -> expected = len;
                case 2 -> {
                    expected = 4;
                    out.append(' ').append(t.u16(data));
                }
                case 3 -> {
                    expected = 3;
                    out.append(' ').append(t.u8(data));
                }
                case 8 -> {
                    expected = 10;
                    out.append(" val ").append(t.u32(data)).append(" ecr ").append(t.u32(data + 4));
                }
                case 5 -> {
                    expected = len;
                    int blocks = len - 2;
                    if (blocks % 8 != 0) {
                        out.append(" invalid sack");
                    } else {
                        out.append(' ').append(blocks / 8).append(' ');
                        for (int k = 0; k < blocks; k += 8) {
                            long base = reversed ? baseSeq : baseAck;
                            out.append('{').append((t.u32(data + k) - base) & MASK).append(':')
                                    .append((t.u32(data + k + 4) - base) & MASK).append('}');
                        }
                    }
                }
                default -> {
                    expected = len;
                    if (len > 2) {
                        out.append(" 0x");
                        for (int k = 0; k < len - 2; k++) {
                            out.append(String.format("%02x", t.u8(data + k)));
                        }
                    }
                }
            }
            if (expected != len) {
                out.append("[len ").append(len).append(']');
            }
            i += len;
            if (kind == 0) {
                break;
            }
        }
        out.append(']');
        return true;
    }

    private static String optionName(int kind) {
        return switch (kind) {
            case 0 -> "eol";
            case 1 -> "nop";
            case 2 -> "mss";
            case 3 -> "wscale";
            case 4 -> "sackOK";
            case 5 -> "sack";
            case 8 -> "TS";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            default -> "unknown-" + kind;
        };
    }

    // ---- HTTP (print-http.c, util-print.c txtproto_print without -v) ----

    private static final java.util.Set<String> HTTP_METHODS = java.util.Set.of("GET", "PUT", "COPY", "HEAD", "LOCK",
            "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK",
            "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT",
            "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY",
            "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL");

    /**
     * "HTTP", and the first line when the data starts like a request (a known method) or a response (a three-digit
     * code as its second token).
     */
    private void http(StringBuilder out, Bytes data, int length) {
        out.append("HTTP");
        int[] at = {0};
        String first = token(data, at);
        boolean request = false;
        if (first != null) {
            for (String method : HTTP_METHODS) {
                if (method.equalsIgnoreCase(first)) {
                    request = true;
                    break;
                }
            }
            String second = token(data, at);
            if (second != null && second.length() == 3 && Character.isDigit(second.charAt(0))
                    && Character.isDigit(second.charAt(1)) && Character.isDigit(second.charAt(2))) {
                request = true;
            }
        }
        if (!request) {
            return;
        }
        if (!options.verbose()) {
            textLine(out, data, 0, ": ");
            return;
        }
        // -v: every line, each on a line of its own after a tab, up to one that is not text.
        out.append(", length: ").append(length);
        for (int i = 0; i < data.length(); ) {
            int next = textLine(out, data, i, "\n\t");
            if (next == 0) {
                break;
            }
            i = next;
        }
    }

    /** fetch_token: the printable token at {@code at[0]}, skipping the blanks after it; null if there is none. */
    private static String token(Bytes data, int[] at) {
        int i = at[0];
        StringBuilder token = new StringBuilder();
        for (; i < data.length(); i++) {
            int c = data.u8(i);
            if (c >= 0x80) {
                return null;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                break;
            }
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
            if (token.length() + 2 > 128) {
                return null;
            }
            token.append((char) c);
        }
        if (token.length() == 0) {
            return null;
        }
        for (; i < data.length(); i++) {
            int c = data.u8(i);
            if (c == '\r' || c == '\n' || c < 0x20 || c >= 0x7f || c != ' ' && c != '\t') {
                break;
            }
        }
        at[0] = i;
        return token.toString();
    }

    /**
     * print_txt_line: {@code prefix} and the line at {@code from}, if it is printable text ending in LF or CR LF;
     * returns where the next line starts, or 0 when nothing more is printed (a line running to the data's end is
     * printed with tcpdump's truncation mark).
     */
    private static int textLine(StringBuilder out, Bytes data, int from, String prefix) {
        for (int i = from; i < data.length(); i++) {
            int c = data.u8(i);
            if (c == '\n') {
                out.append(prefix).append(data.ascii(from, i));
                return i + 1;
            }
            if (c == '\r') {
                if (i + 1 < data.length() && data.u8(i + 1) == '\n') {
                    out.append(prefix).append(data.ascii(from, i));
                    return i + 2;
                }
                return 0;
            }
            if ((c < 0x20 || c >= 0x7f) && c != '\t') {
                return 0;
            }
        }
        out.append(prefix).append(data.ascii(from, data.length())).append(" [|http]");
        return 0;
    }

    // ---- helpers ----

    private static String ip(Bytes b, int at) {
        return b.u8(at) + "." + b.u8(at + 1) + "." + b.u8(at + 2) + "." + b.u8(at + 3);
    }

    private static String mac(Bytes b, int at) {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", b.u8(at), b.u8(at + 1), b.u8(at + 2), b.u8(at + 3),
                b.u8(at + 4), b.u8(at + 5));
    }

    private static boolean allZero(Bytes b, int at, int n) {
        for (int i = 0; i < n; i++) {
            if (b.u8(at + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A window on the frame's bytes; reads past its end are 0 (the callers check lengths where tcpdump does). */
    private record Bytes(byte[] a, int start, int end) {
        Bytes(byte[] a, int length) {
            this(a, 0, Math.min(length, a.length));
        }

        int length() {
            return end - start;
        }

        Bytes from(int offset) {
            return new Bytes(a, Math.min(start + offset, end), end);
        }

        Bytes range(int from, int to) {
            int s = Math.min(start + from, end);
            return new Bytes(a, s, Math.max(s, Math.min(start + to, end)));
        }

        int u8(int i) {
            return start + i < end ? a[start + i] & 0xff : 0;
        }

        int u16(int i) {
            return u8(i) << 8 | u8(i + 1);
        }

        long u32(int i) {
            return ((long) u16(i) << 16 | u16(i + 2)) & MASK;
        }

        int s32(int i) {
            return (int) u32(i);
        }

        /** Checksums.sum over the first {@code n} bytes, which the caller checked are there. */
        long sum(int n, long initial) {
            return Checksums.sum(a, start, n, initial);
        }

        String ascii(int from, int to) {
            return new String(a, start + from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
