package io.bridgelab.pcap.codec;

import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.LinkType;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test frames: the kernel fixtures under src/test/resources/captures and hand-made edge cases. */
final class Frames {
    record Frame(String name, int linkType, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Frames() {
    }

    static List<CaptureRecord> fixture(String name) {
        List<CaptureRecord> out = new ArrayList<>();
        try (InputStream in = Frames.class.getResourceAsStream("/captures/" + name);
             CaptureReader r = CaptureReader.open(in, ReaderOptions.STRICT)) {
            r.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static final String ETH = "02420a000002" + "02420a000001";
    /** IPv4 with a 4-byte option (NOP NOP NOP EOL), TCP SYN with MSS, padded to 60 bytes by the NIC. */
    static final String SYN_WITH_IP_OPTIONS = ETH + "0800"
            + "46000030" + "1234" + "4000" + "40" + "06" + "0000" + "0a000001" + "0a000002" + "01010100"
            + "d4311f90" + "00000001" + "00000000" + "6002" + "faf0" + "0000" + "0000" + "020405b4"
            + "000000000000000000000000";
    static final String VLAN_UDP = ETH + "8100" + "a00a" + "0800"
            + "4500001d" + "0001" + "0000" + "40" + "11" + "0000" + "0a000001" + "0a000002"
            + "303900350009" + "0000" + "61" + "0000000000000000000000000000000000";
    static final String LATER_FRAGMENT = ETH + "0800"
            + "45000020" + "0002" + "00b9" + "40" + "06" + "0000" + "0a000001" + "0a000002"
            + "0102030405060708090a0b0c";
    static final String IPV6_UDP = ETH + "86dd"
            + "60000000" + "000c" + "11" + "40" + "fe800000000000000000000000000001"
            + "fe800000000000000000000000000002" + "1234567800080000" + "abcdabcd";
    static final String LLDP = ETH + "88cc" + "0207046c6c6470";
    static final String EVIL_BIT = ETH + "0800"
            + "45000014" + "0003" + "8000" + "40" + "fd" + "0000" + "0a000001" + "0a000002";
    static final String TCP_RESERVED_BITS = ETH + "0800"
            + "45000028" + "0004" + "0000" + "40" + "06" + "0000" + "0a000001" + "0a000002"
            + "d4311f90" + "00000001" + "00000000" + "5110" + "faf0" + "0000" + "0000";
    static final String ICMP_TIME_EXCEEDED = ETH + "0800"
            + "45000038" + "0005" + "0000" + "40" + "01" + "0000" + "0a000002" + "0a000001"
            + "0b000000" + "00000000"
            + "45000054" + "0006" + "4000" + "01" + "01" + "0000" + "0a000001" + "08080808"
            + "0800abcd00010001";
    static final String ARP_OVER_IPV6_HW = ETH + "0806" + "0006080006040001" + "0102030405060a000001";

    static List<Frame> handMade() {
        HexFormat hex = HexFormat.of();
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame("SYN with IP options and padding", LinkType.ETHERNET, hex.parseHex(SYN_WITH_IP_OPTIONS)));
        frames.add(new Frame("802.1Q UDP, padded", LinkType.ETHERNET, hex.parseHex(VLAN_UDP)));
        frames.add(new Frame("later fragment", LinkType.ETHERNET, hex.parseHex(LATER_FRAGMENT)));
        frames.add(new Frame("IPv6 UDP", LinkType.ETHERNET, hex.parseHex(IPV6_UDP)));
        frames.add(new Frame("LLDP", LinkType.ETHERNET, hex.parseHex(LLDP)));
        frames.add(new Frame("IPv4 evil bit", LinkType.ETHERNET, hex.parseHex(EVIL_BIT)));
        frames.add(new Frame("TCP reserved bits", LinkType.ETHERNET, hex.parseHex(TCP_RESERVED_BITS)));
        frames.add(new Frame("ICMP time exceeded", LinkType.ETHERNET, hex.parseHex(ICMP_TIME_EXCEEDED)));
        frames.add(new Frame("ARP, not Ethernet/IPv4", LinkType.ETHERNET, hex.parseHex(ARP_OVER_IPV6_HW)));
        return frames;
    }

    static List<Frame> all() {
        List<Frame> frames = new ArrayList<>(handMade());
        // kernel-raw.pcap: tcpdump -i tun0 (LINKTYPE_RAW), from netsim's other-links kernel scenario.
        for (String file : List.of("kernel-eth.pcap", "kernel-any.pcap", "kernel-sll.pcap", "kernel-raw.pcap")) {
            int i = 0;
            for (CaptureRecord r : fixture(file)) {
                frames.add(new Frame(file + "#" + ++i, r.linkType(), r.data().toArray()));
            }
        }
        return frames;
    }
}
