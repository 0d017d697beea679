package io.bridgelab.plugin.driver;

import io.bridgelab.netfilter.packet.Ipv4Address;
import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.PortBinding;
import io.bridgelab.plugin.api.ProtocolJson;
import io.bridgelab.plugin.ipam.InterfaceAddress;
import io.bridgelab.plugin.store.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code com.docker.network.portmap} and turns each entry into an installed {@link PortMapping},
 * choosing host ports: the one asked for, the first free one of a {@code HostPort-HostPortEnd} range, or
 * for {@code HostPort 0} the first free ephemeral port (49153-65535, Docker's range). A host port is
 * taken when another mapping of the same protocol uses it on the same or on every host address.
 */
public final class PortRequests {
    public static final String PORTMAP = "com.docker.network.portmap";
    static final int EPHEMERAL_FIRST = 49153;
    static final int EPHEMERAL_LAST = 65535;

    private PortRequests() {
    }

    /** The requested bindings, validated; IPv6 host addresses are skipped (the plugin is IPv4 only). */
    public static List<PortBinding> parse(Map<String, Object> options) {
        Object raw = options.get(PORTMAP);
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw new DriverException(PORTMAP + " must be a list, got " + raw);
        }
        List<PortBinding> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = PORTMAP + "[" + i + "]";
            PortBinding b;
            try {
                b = ProtocolJson.mapper().convertValue(list.get(i), PortBinding.class);
            } catch (IllegalArgumentException e) {
                throw new DriverException(where + " is not a port binding: " + e.getMessage());
            }
            if (b == null) {
                throw new DriverException(where + " is null");
            }
            if (b.proto() != 6 && b.proto() != 17 && b.proto() != 132) {
                throw new DriverException(where + ".Proto " + b.proto() + " is not tcp (6), udp (17) or sctp (132)");
            }
            if (b.port() < 1 || b.port() > 65535) {
                throw new DriverException(where + ".Port " + b.port() + " is outside 1..65535");
            }
            if (b.hostPort() < 0 || b.hostPort() > 65535) {
                throw new DriverException(where + ".HostPort " + b.hostPort() + " is outside 0..65535");
            }
            if (b.hostPortEnd() != 0 && (b.hostPortEnd() < b.hostPort() || b.hostPortEnd() > 65535)) {
                throw new DriverException(where + ".HostPortEnd " + b.hostPortEnd() + " is not in HostPort "
                        + b.hostPort() + "..65535");
            }
            if (b.hostIp() != null && b.hostIp().contains(":")) {
                continue;
            }
            if (b.hostIp() != null && !b.hostIp().isEmpty()) {
                InterfaceAddress.parseAddress(b.hostIp(), where + ".HostIP");
            }
            out.add(b);
        }
        return out;
    }

    /**
     * Chooses host ports for {@code requests} to {@code containerIp}, given the mappings already installed
     * ({@code taken}); {@code defaultHostIp} (host_binding_ipv4) applies when HostIP is empty.
     */
    public static List<PortMapping> allocate(List<PortBinding> requests, String containerIp, String defaultHostIp,
                                             List<PortMapping> taken) {
        List<PortMapping> used = new ArrayList<>(taken);
        List<PortMapping> out = new ArrayList<>();
        for (PortBinding b : requests) {
            String proto = switch (b.proto()) {
                case 6 -> "tcp";
                case 17 -> "udp";
                default -> "sctp";
            };
            String hostIp = b.hostIp() == null || b.hostIp().isEmpty() ? defaultHostIp : b.hostIp();
            if (hostIp != null && Ipv4Address.parse(hostIp).equals(Ipv4Address.ANY)) {
                hostIp = null;
            }
            int first;
            int last;
            if (b.hostPort() == 0) {
                first = EPHEMERAL_FIRST;
                last = EPHEMERAL_LAST;
            } else {
                first = b.hostPort();
                last = Math.max(b.hostPort(), b.hostPortEnd());
            }
            int chosen = -1;
            for (int p = first; p <= last && chosen < 0; p++) {
                if (free(used, proto, hostIp, p)) {
                    chosen = p;
                }
            }
            if (chosen < 0) {
                String range = first == last ? Integer.toString(first) : first + "-" + last;
                throw new DriverException("host port " + (hostIp == null ? "" : hostIp + ":") + range + "/" + proto
                        + " is already allocated");
            }
            PortMapping m = new PortMapping(proto, hostIp, chosen, containerIp, b.port());
            used.add(m);
            out.add(m);
        }
        return List.copyOf(out);
    }

    private static boolean free(List<PortMapping> used, String proto, String hostIp, int port) {
        for (PortMapping m : used) {
            if (m.protocol().equals(proto) && m.hostPort() == port
                    && (m.hostIp() == null || hostIp == null || m.hostIp().equals(hostIp))) {
                return false;
            }
        }
        return true;
    }

    static Set<String> protocols() {
        return Set.of("tcp", "udp", "sctp");
    }
}
