package io.bridgelab.pcap.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A capture filter in pcap-filter(7) syntax, the expression tcpdump takes after its options, for the primitives a
 * look at a Docker bridge needs, matched against an Ethernet frame's bytes as the compiled BPF program matches them:
 * {@code ip}, {@code arp}, {@code tcp}, {@code udp}, {@code icmp}; {@code [ip|arp] [src|dst] host ADDR} (an address
 * of an IPv4 header or, without {@code ip}, of an ARP message's sender or target), {@code [src|dst] net ADDR[/LEN]}
 * (a net given as one to three octets is that many bytes long), {@code [tcp|udp] [src|dst] port N} and
 * {@code portrange N-M} (a TCP or UDP port of an unfragmented datagram or first fragment), {@code ether [src|dst]
 * [host] MAC}; joined by {@code and}/{@code &&}, {@code or}/{@code ||}, {@code not}/{@code !} and parentheses, with
 * pcap's precedence (not binds tightest; and and or are equal and group from the left) and its shorthand: an
 * address or number alone after {@code and}/{@code or} takes the qualifiers of the primitive before it
 * ({@code port 80 or 8088}). Anything else is a {@link FilterException} naming it.
 */
public final class CaptureFilter {
    private final Node root;
    private final String text;

    private CaptureFilter(Node root, String text) {
        this.root = root;
        this.text = text;
    }

    /** The filter matching every frame (tcpdump without an expression). */
    public static final CaptureFilter ALL = new CaptureFilter(frame -> true, "");

    /**
     * Parses an expression (its words as tcpdump's arguments give them, joined by spaces).
     *
     * @throws FilterException naming what cannot be parsed or is not supported
     */
    public static CaptureFilter parse(String expression) {
        List<String> tokens = tokenize(expression);
        if (tokens.isEmpty()) {
            return ALL;
        }
        Parser p = new Parser(tokens);
        Node root = p.expression();
        if (p.pos < tokens.size()) {
            throw new FilterException("syntax error at '" + tokens.get(p.pos) + "'");
        }
        return new CaptureFilter(root, expression.trim());
    }

    /** Whether the frame ({@code length} bytes of it) passes. */
    public boolean matches(byte[] frame, int length) {
        return root.matches(new Frame(frame, Math.min(length, frame.length)));
    }

    @Override
    public String toString() {
        return text;
    }

    /** A filter expression that cannot be parsed, or asks for what this filter does not support. */
    public static final class FilterException extends IllegalArgumentException {
        public FilterException(String message) {
            super(message);
        }
    }

    // ---- matching ----

    private interface Node {
        boolean matches(Frame f);
    }

    private record Frame(byte[] b, int length) {
        int u8(int i) {
            return i < length ? b[i] & 0xff : -1;
        }

        int u16(int i) {
            return i + 1 < length ? (b[i] & 0xff) << 8 | b[i + 1] & 0xff : -1;
        }

        long u32(int i) {
            return i + 3 < length ? ((long) u16(i) << 16 | u16(i + 2)) : -1;
        }

        boolean isIpv4() {
            return u16(12) == 0x0800;
        }

        boolean isArp() {
            return u16(12) == 0x0806;
        }

        int ipProtocol() {
            return isIpv4() ? u8(14 + 9) : -1;
        }

        /** The offset of the transport header of an IPv4 datagram that is no later fragment; -1 otherwise. */
        int transport() {
            int fragment = u16(14 + 6);
            if (!isIpv4() || fragment < 0 || (fragment & 0x1fff) != 0) {
                return -1;
            }
            return 14 + (u8(14) & 0x0f) * 4;
        }
    }

    private enum Dir { ANY, SRC, DST }

    private static Node protocol(int number) {
        return f -> f.ipProtocol() == number;
    }

    /** IPv4 header addresses (and ARP's, when {@code arpToo}) under {@code mask} equal to {@code address}. */
    private static Node address(Dir dir, long address, long mask, boolean ip, boolean arp) {
        return f -> {
            if (ip && f.isIpv4()) {
                return dir != Dir.DST && (f.u32(14 + 12) & mask) == address
                        || dir != Dir.SRC && (f.u32(14 + 16) & mask) == address;
            }
            if (arp && f.isArp()) {
                return dir != Dir.DST && (f.u32(14 + 14) & mask) == address
                        || dir != Dir.SRC && (f.u32(14 + 24) & mask) == address;
            }
            return false;
        };
    }

    private static Node ports(Dir dir, int low, int high, int onlyProtocol) {
        return f -> {
            int protocol = f.ipProtocol();
            if (onlyProtocol >= 0 ? protocol != onlyProtocol : protocol != 6 && protocol != 17 && protocol != 132) {
                return false;
            }
            int t = f.transport();
            if (t < 0) {
                return false;
            }
            int source = f.u16(t);
            int destination = f.u16(t + 2);
            return dir != Dir.DST && source >= low && source <= high
                    || dir != Dir.SRC && destination >= low && destination <= high;
        };
    }

    private static Node ether(Dir dir, byte[] mac) {
        return f -> dir != Dir.DST && sameMac(f, 6, mac) || dir != Dir.SRC && sameMac(f, 0, mac);
    }

    private static boolean sameMac(Frame f, int at, byte[] mac) {
        for (int i = 0; i < 6; i++) {
            if (f.u8(at + i) != (mac[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    // ---- parsing ----

    private static List<String> tokenize(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (s.startsWith("&&", i) || s.startsWith("||", i)) {
                tokens.add(s.substring(i, i + 2));
                i += 2;
            } else if (c == '!' && !s.startsWith("!=", i)) {
                tokens.add("!");
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()!&|".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                if (start == i) {
                    // A lone '&', '|' or the '!' of '!=': a token of its own, which no primitive accepts.
                    i += s.startsWith("!=", i) ? 2 : 1;
                }
                tokens.add(s.substring(start, i));
            }
        }
        return tokens;
    }

    /** The qualifiers of a primitive, kept for the next bare id ({@code host a or b}). */
    private record Qualifiers(String proto, Dir dir, String type) {
    }

    private static final class Parser {
        private final List<String> tokens;
        private int pos;
        private Qualifiers last;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        /** expression := unary (('and'|'or') unary)*, left to right at one precedence, as pcap's grammar. */
        Node expression() {
            Node left = unary();
            while (pos < tokens.size()) {
                String t = tokens.get(pos);
                boolean and = t.equals("and") || t.equals("&&");
                boolean or = t.equals("or") || t.equals("||");
                if (!and && !or) {
                    break;
                }
                pos++;
                Node right = unary();
                Node l = left;
                left = and ? f -> l.matches(f) && right.matches(f) : f -> l.matches(f) || right.matches(f);
            }
            return left;
        }

        Node unary() {
            String t = peek();
            if (t == null) {
                throw new FilterException("syntax error: the expression ends where a primitive should follow");
            }
            if (t.equals("not") || t.equals("!")) {
                pos++;
                Node inner = unary();
                return f -> !inner.matches(f);
            }
            if (t.equals("(")) {
                pos++;
                Node inner = expression();
                if (!")".equals(peek())) {
                    throw new FilterException("syntax error: '(' without its ')'");
                }
                pos++;
                return inner;
            }
            return primitive();
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        Node primitive() {
            String proto = null;
            Dir dir = null;
            String type = null;
            String t = peek().toLowerCase(Locale.ROOT);
            if (List.of("ether", "ip", "arp", "tcp", "udp", "icmp").contains(t)) {
                proto = t;
                pos++;
                t = lower(peek());
            }
            if ("src".equals(t) || "dst".equals(t)) {
                dir = t.equals("src") ? Dir.SRC : Dir.DST;
                pos++;
                t = lower(peek());
            }
            if (t != null && List.of("host", "net", "port", "portrange").contains(t)) {
                type = t;
                pos++;
            }
            if (proto == null && dir == null && type == null) {
                if (last != null && isId(t)) {
                    // "host a or b": a bare id takes the qualifiers of the primitive before it.
                    return qualified(last, tokens.get(pos++));
                }
                throw new FilterException("'" + tokens.get(pos) + "' is not a supported primitive (supported: ip, "
                        + "arp, tcp, udp, icmp, [src|dst] host ADDR, [src|dst] net ADDR[/LEN], [tcp|udp] [src|dst] "
                        + "port N, portrange N-M, ether [src|dst] [host] MAC, and, or, not, parentheses)");
            }
            if (dir == null && type == null) {
                // A protocol alone.
                String id = peek();
                if (isId(lower(id))) {
                    if (proto.equals("ether")) {
                        return qualified(new Qualifiers(proto, Dir.ANY, "host"), tokens.get(pos++));
                    }
                    throw new FilterException("'" + proto + " " + id + "' is not supported");
                }
                return switch (proto) {
                    case "ip" -> Frame::isIpv4;
                    case "arp" -> Frame::isArp;
                    case "tcp" -> protocol(6);
                    case "udp" -> protocol(17);
                    case "icmp" -> protocol(1);
                    default -> throw new FilterException("'ether' needs a qualifier: ether [src|dst] [host] MAC");
                };
            }
            String id = peek();
            if (id == null || !isId(lower(id))) {
                throw new FilterException("syntax error: " + (type != null ? "'" + type + "'" : "the qualifiers")
                        + " must be followed by " + (id == null ? "a value" : "a value, not '" + id + "'"));
            }
            pos++;
            return qualified(new Qualifiers(proto, dir == null ? Dir.ANY : dir, type == null ? "host" : type), id);
        }

        private static String lower(String s) {
            return s == null ? null : s.toLowerCase(Locale.ROOT);
        }

        private static boolean isId(String t) {
            return t != null && !t.equals("(") && !t.equals(")") && !t.equals("!") && !t.equals("&&")
                    && !t.equals("||") && !t.equals("not") && !t.equals("and") && !t.equals("or");
        }

        private Node qualified(Qualifiers q, String id) {
            last = q;
            String proto = q.proto();
            switch (q.type()) {
                case "host" -> {
                    if ("ether".equals(proto)) {
                        return ether(q.dir(), mac(id));
                    }
                    requireProto(proto, List.of("ip", "arp"), "host");
                    return address(q.dir(), ipv4(id, 4), 0xffffffffL, !"arp".equals(proto), !"ip".equals(proto));
                }
                case "net" -> {
                    requireProto(proto, List.of("ip", "arp"), "net");
                    int slash = id.indexOf('/');
                    String addressPart = slash < 0 ? id : id.substring(0, slash);
                    int octets = addressPart.split("\\.", -1).length;
                    int length;
                    if (slash < 0) {
                        length = octets * 8;
                    } else {
                        try {
                            length = Integer.parseInt(id.substring(slash + 1));
                        } catch (NumberFormatException e) {
                            throw new FilterException("'" + id + "' is no network: the prefix length is no number");
                        }
                        if (length < 0 || length > 32) {
                            throw new FilterException("'" + id + "': mask length must be <= 32");
                        }
                    }
                    long address = ipv4(addressPart, octets);
                    long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
                    if ((address & ~mask & 0xffffffffL) != 0) {
                        throw new FilterException("'" + id + "': non-network bits set in the address");
                    }
                    return address(q.dir(), address, mask, !"arp".equals(proto), !"ip".equals(proto));
                }
                case "port" -> {
                    requireProto(proto, List.of("tcp", "udp"), "port");
                    int port = port(id);
                    return ports(q.dir(), port, port, proto == null ? -1 : proto.equals("tcp") ? 6 : 17);
                }
                default -> {
                    requireProto(proto, List.of("tcp", "udp"), "portrange");
                    int dash = id.indexOf('-');
                    if (dash < 1) {
                        throw new FilterException("'" + id + "' is no port range: give N-M");
                    }
                    int low = port(id.substring(0, dash));
                    int high = port(id.substring(dash + 1));
                    return ports(q.dir(), Math.min(low, high), Math.max(low, high),
                            proto == null ? -1 : proto.equals("tcp") ? 6 : 17);
                }
            }
        }

        private static void requireProto(String proto, List<String> allowed, String type) {
            if (proto != null && !allowed.contains(proto)) {
                throw new FilterException("'" + proto + " " + type + "' is not supported (" + type + " takes "
                        + String.join(" or ", allowed) + ")");
            }
        }

        private static int port(String id) {
            try {
                int port = Integer.parseInt(id);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new FilterException("'" + id + "' is no port number (0-65535; service names are not looked up)");
        }

        /** A dotted IPv4 address of {@code octets} parts, as the high bytes of the result. */
        private static long ipv4(String id, int octets) {
            String[] parts = id.split("\\.", -1);
            if (parts.length != octets || octets < 1 || octets > 4) {
                throw new FilterException("'" + id + "' is no IPv4 address (host names are not resolved)");
            }
            long value = 0;
            for (String part : parts) {
                int n;
                try {
                    n = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw new FilterException("'" + id + "' is no IPv4 address (host names are not resolved)");
                }
                if (n < 0 || n > 255) {
                    throw new FilterException("'" + id + "' is no IPv4 address: " + n + " is out of range");
                }
                value = value << 8 | n;
            }
            return value << (8 * (4 - octets));
        }

        private static byte[] mac(String id) {
            String[] parts = id.split("[:.-]", -1);
            if (parts.length != 6) {
                throw new FilterException("'" + id + "' is no MAC address (six hex bytes separated by ':')");
            }
            byte[] mac = new byte[6];
            for (int i = 0; i < 6; i++) {
                try {
                    int n = Integer.parseInt(parts[i], 16);
                    if (n < 0 || n > 255 || parts[i].length() > 2) {
                        throw new NumberFormatException();
                    }
                    mac[i] = (byte) n;
                } catch (NumberFormatException e) {
                    throw new FilterException("'" + id + "' is no MAC address (six hex bytes separated by ':')");
                }
            }
            return mac;
        }
    }
}
