package io.bridgelab.sim.exec;

/**
 * A command {@code netsim exec} cannot answer: its message is the one line the CLI prints, naming the
 * command and listing the supported ones.
 */
public final class UnsupportedCommandException extends RuntimeException {
    /** The forms netsim exec answers, for the error line and {@code --help}. */
    public static final String SUPPORTED = "ip a|addr|link [show [dev] IF], ip route [show] [table main|local|all],"
            + " route -n, ip neigh, brctl show, brctl showmacs BR, bridge fdb, iptables [-t T] -n[v][x]L [CHAIN],"
            + " iptables [-t T] -S [CHAIN], iptables-save [-c] [-t T], conntrack -L,"
            + " cat /sys/class/net/IF/{ifindex,iflink,address,mtu},"
            + " tcpdump [-i IF|any] [-p] [-n|-nn] [-e] [-t] [-v|-q] [-X|-A] [-c N] [-w FILE] [EXPRESSION],"
            + " ss -t|-u [-l|-a] [-n] [-p] [-H]";

    public UnsupportedCommandException(String command, String why) {
        super("unsupported command '" + command + "'" + (why == null ? "" : " (" + why + ")")
                + "; supported: " + SUPPORTED);
    }
}
