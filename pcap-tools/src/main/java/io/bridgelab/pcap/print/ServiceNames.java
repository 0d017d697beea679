package io.bridgelab.pcap.print;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP and UDP port names as tcpdump prints them: with {@code -nn} the numbers, with {@code -n} alone the names the
 * machine's services database gives ({@code /etc/services}: the first name listed for a port and protocol), the
 * number for a port it does not name.
 */
public final class ServiceNames {
    /** Every port as its number ({@code -nn}). */
    public static final ServiceNames NUMERIC = new ServiceNames(Map.of(), Map.of());

    private final Map<Integer, String> tcp;
    private final Map<Integer, String> udp;

    private ServiceNames(Map<Integer, String> tcp, Map<Integer, String> udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    /** The names in {@code file} (services(5) format); no names when it does not exist. */
    public static ServiceNames from(Path file) throws IOException {
        if (!Files.exists(file)) {
            return NUMERIC;
        }
        return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    }

    /** The names of services(5) lines: {@code name port/protocol [aliases...] [# comment]}; other lines skipped. */
    public static ServiceNames parse(List<String> lines) {
        Map<Integer, String> tcp = new HashMap<>();
        Map<Integer, String> udp = new HashMap<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            int slash = fields[1].indexOf('/');
            if (slash < 1) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(fields[1].substring(0, slash));
            } catch (NumberFormatException e) {
                continue;
            }
            String protocol = fields[1].substring(slash + 1);
            Map<Integer, String> table = protocol.equals("tcp") ? tcp : protocol.equals("udp") ? udp : null;
            if (table != null && port >= 0 && port <= 0xffff) {
                table.putIfAbsent(port, fields[0]);
            }
        }
        return new ServiceNames(Map.copyOf(tcp), Map.copyOf(udp));
    }

    public String tcp(int port) {
        return tcp.getOrDefault(port, Integer.toString(port));
    }

    public String udp(int port) {
        return udp.getOrDefault(port, Integer.toString(port));
    }
}
