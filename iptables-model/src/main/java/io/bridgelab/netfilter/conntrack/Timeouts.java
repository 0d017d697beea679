package io.bridgelab.netfilter.conntrack;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Conntrack timeouts in seconds, the {@code net.netfilter.nf_conntrack_*_timeout*} sysctls. {@link #DEFAULT}
 * holds the kernel's defaults.
 */
public record Timeouts(Map<TcpState, Integer> tcp, int tcpUnacknowledged, int udpUnreplied, int udpReplied,
                       int icmp, int generic) {

    public static final Timeouts DEFAULT = new Timeouts(defaultTcp(), 300, 30, 120, 30, 600);

    public Timeouts {
        // An enum map: tcp(state) is asked for every tracked TCP packet, and an EnumMap answers by ordinal
        // where an immutable Map.copyOf probes a hash table. Read-only, and no null keys or values, as before.
        EnumMap<TcpState, Integer> copy = new EnumMap<>(TcpState.class);
        for (Map.Entry<TcpState, Integer> e : tcp.entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey()), Objects.requireNonNull(e.getValue()));
        }
        tcp = Collections.unmodifiableMap(copy);
    }

    private static Map<TcpState, Integer> defaultTcp() {
        Map<TcpState, Integer> m = new EnumMap<>(TcpState.class);
        m.put(TcpState.NONE, 0);
        m.put(TcpState.SYN_SENT, 120);
        m.put(TcpState.SYN_RECV, 60);
        m.put(TcpState.ESTABLISHED, 432_000);
        m.put(TcpState.FIN_WAIT, 120);
        m.put(TcpState.CLOSE_WAIT, 60);
        m.put(TcpState.LAST_ACK, 30);
        m.put(TcpState.TIME_WAIT, 120);
        m.put(TcpState.CLOSE, 10);
        m.put(TcpState.SYN_SENT2, 120);
        return m;
    }

    public int tcp(TcpState state) {
        return tcp.getOrDefault(state, 0);
    }
}
