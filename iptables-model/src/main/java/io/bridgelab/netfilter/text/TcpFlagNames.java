package io.bridgelab.netfilter.text;

import io.bridgelab.netfilter.packet.TcpFlags;

/** The TCP flag names of {@code --tcp-flags}, in the order iptables-save lists them. */
final class TcpFlagNames {
    static final String[] NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
    static final int[] BITS = {TcpFlags.FIN, TcpFlags.SYN, TcpFlags.RST, TcpFlags.PSH, TcpFlags.ACK, TcpFlags.URG};

    private TcpFlagNames() {
    }

    /** The bit(s) of a name, ALL and NONE included; -1 for an unknown name. */
    static int bit(String name) {
        if (name.equals("ALL")) {
            return 0x3f;
        }
        if (name.equals("NONE")) {
            return 0;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return BITS[i];
            }
        }
        return -1;
    }

    /** {@code FIN,SYN,ACK} or {@code NONE}; bits above URG (ECE, CWR) print as a hex remainder. */
    static String format(int bits) {
        if ((bits & 0x3f) == 0) {
            return "NONE";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & BITS[i]) != 0) {
                if (s.length() > 0) {
                    s.append(',');
                }
                s.append(NAMES[i]);
            }
        }
        return s.toString();
    }
}
