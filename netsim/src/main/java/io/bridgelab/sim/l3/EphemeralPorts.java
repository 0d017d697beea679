package io.bridgelab.sim.l3;

/**
 * Linux's ephemeral port range, net.ipv4.ip_local_port_range's default (32768-60999): where the kernel picks a
 * socket's local port when its program binds none, and the ports ss leaves unnamed.
 */
public final class EphemeralPorts {
    public static final int FIRST = 32_768;
    public static final int LAST = 60_999;

    private EphemeralPorts() {
    }

    public static boolean contains(int port) {
        return port >= FIRST && port <= LAST;
    }

    /** The port after {@code port} for a simulated program counting its local ports up: FIRST after LAST. */
    public static int after(int port) {
        return port == LAST ? FIRST : port + 1;
    }
}
