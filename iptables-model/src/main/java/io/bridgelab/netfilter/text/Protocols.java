package io.bridgelab.netfilter.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Protocol names as iptables 1.8.9 reads and prints them: its own short list first ({@code tcp},
 * {@code ipv6-icmp}, ...), then /etc/protocols (a copy of Debian 12's netbase file is bundled so the
 * output does not depend on the machine; {@code -p 4} saves as {@code ipencap}, {@code -p 41} as
 * {@code ipv6}).
 */
final class Protocols {
    /** xtables_chain_protos, in the order iptables searches it. */
    private static final String[][] XTABLES = {
        {"tcp", "6"}, {"sctp", "132"}, {"udp", "17"}, {"udplite", "136"}, {"icmp", "1"}, {"ipv6-icmp", "58"},
        {"esp", "50"}, {"ah", "51"}, {"ipv6-mh", "135"}, {"mh", "135"}, {"all", "0"}, {"icmpv6", "58"},
    };
    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<Integer, String> BY_NUMBER = new HashMap<>();

    static {
        try (InputStream in = Protocols.class.getResourceAsStream("protocols")) {
            if (in == null) {
                throw new IllegalStateException("bundled protocols file is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int hash = line.indexOf('#');
                String[] parts = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (parts.length < 2) {
                    continue;
                }
                int number = Integer.parseInt(parts[1]);
                BY_NUMBER.putIfAbsent(number, parts[0]);
                BY_NAME.putIfAbsent(parts[0], number);
                for (int i = 2; i < parts.length; i++) {
                    BY_NAME.putIfAbsent(parts[i], number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Protocols() {
    }

    /** What {@code -p} accepts (iptables lower-cases it first): a number 0..255 or a name. */
    static OptionalInt parse(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        OptionalInt number = Numbers.unsigned(t, 255);
        if (number.isPresent()) {
            return number;
        }
        if (t.equals("all")) {
            return OptionalInt.of(0);
        }
        Integer known = BY_NAME.get(t);
        if (known != null) {
            return OptionalInt.of(known);
        }
        for (String[] p : XTABLES) {
            if (p[0].equals(t)) {
                return OptionalInt.of(Integer.parseInt(p[1]));
            }
        }
        return OptionalInt.empty();
    }

    /** The name iptables-save prints after {@code -p}, or the number. */
    static String name(int protocol) {
        for (String[] p : XTABLES) {
            if (Integer.parseInt(p[1]) == protocol) {
                return p[0];
            }
        }
        String name = protocol == 0 ? null : BY_NUMBER.get(protocol);
        return name != null ? name : Integer.toString(protocol);
    }
}
