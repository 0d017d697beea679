package io.bridgelab.netfilter.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** TCP flag bits, with the names iptables' {@code --tcp-flags} uses. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    public static final int ALL = 0x3f;
    public static final int NONE = 0;

    private static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};

    private TcpFlags() {
    }

    /** Parses a comma list such as {@code SYN,RST,ACK}, {@code ALL} or {@code NONE}; -1 if a name is unknown. */
    public static int parse(String list) {
        int flags = 0;
        for (String name : list.split(",", -1)) {
            String n = name.toUpperCase(Locale.ROOT);
            if (n.equals("ALL")) {
                flags |= ALL;
                continue;
            }
            if (n.equals("NONE")) {
                continue;
            }
            int bit = -1;
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(n)) {
                    bit = 1 << i;
                }
            }
            if (bit < 0) {
                return -1;
            }
            flags |= bit;
        }
        return flags;
    }

    /** The comma list iptables-save prints for a set of flags (low bit first; NONE when empty). */
    public static String format(int flags) {
        if (flags == 0) {
            return "NONE";
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(NAMES[i]);
            }
        }
        return String.join(",", names);
    }
}
