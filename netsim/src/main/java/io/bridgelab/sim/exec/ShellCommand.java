package io.bridgelab.sim.exec;

import io.bridgelab.netfilter.rule.TableName;

import java.util.List;

/**
 * One command of the article's toolbox, parsed from its argv by {@link CommandParser}: what
 * {@code netsim exec NODE -- ...} can answer from the simulation's state. Each record is rendered by
 * one renderer class, in the real tool's exact output format.
 */
public sealed interface ShellCommand {

    /** {@code ip addr [show [dev] IF]}; {@code device} null for all interfaces. */
    record IpAddrShow(String device) implements ShellCommand {
    }

    /** {@code ip link [show [dev] IF]}. */
    record IpLinkShow(String device) implements ShellCommand {
    }

    /** {@code ip route [show] [table main|local|default|N|all]}: {@code table} null for all. */
    record IpRouteShow(io.bridgelab.sim.world.RouteTable table) implements ShellCommand {
    }

    /** {@code ip rule [show|list]}. */
    record IpRuleShow() implements ShellCommand {
    }

    /** {@code route -n} (net-tools). */
    record RouteNumeric() implements ShellCommand {
    }

    /** {@code ip neigh [show [dev IF]]}. */
    record IpNeighShow(String device) implements ShellCommand {
    }

    /** {@code brctl show}. */
    record BrctlShow() implements ShellCommand {
    }

    /** {@code brctl showmacs BRIDGE}. */
    record BrctlShowmacs(String bridge) implements ShellCommand {
    }

    /** {@code bridge fdb [show]}. */
    record BridgeFdbShow() implements ShellCommand {
    }

    /** {@code iptables [-t T] -n[v][x]L [CHAIN]}; {@code chain} null for the whole table. */
    record IptablesList(TableName table, String chain, boolean verbose, boolean exact) implements ShellCommand {
    }

    /** {@code iptables [-t T] -S [CHAIN]}. */
    record IptablesSpec(TableName table, String chain) implements ShellCommand {
    }

    /** {@code iptables-save [-c] [-t T]}; {@code table} null for every table. */
    record IptablesSave(boolean counters, TableName table) implements ShellCommand {
    }

    /** {@code conntrack -L}. */
    record ConntrackList() implements ShellCommand {
    }

    /** {@code cat /sys/class/net/IF/ATTR ...} for ifindex, iflink, address and mtu. */
    record SysfsRead(List<String> paths) implements ShellCommand {
        public SysfsRead {
            paths = List.copyOf(paths);
        }
    }

    /**
     * {@code tcpdump [-i IF|any] [-p] [-n|-nn] [-e] [-t] [-v|-q] [-X|-A] [-c N] [-w FILE]
     * [EXPRESSION]}: what tcpdump on {@code iface}
     * (null: the first interface that is no loopback) would have printed, or written to {@code writeFile}, had it
     * run through the traffic simulated so far; in promiscuous mode unless {@code -p} (on a bridge it then also
     * sees what the bridge forwards between its ports).
     *
     * @param count at most this many packets, or -1 for all
     */
    record Tcpdump(String iface, boolean promiscuous, boolean numeric, boolean linkHeader, boolean timestamps,
                   boolean verbose, boolean quick, io.bridgelab.pcap.print.TcpdumpPrinter.Dump dump, int count,
                   String writeFile,
                   io.bridgelab.pcap.filter.CaptureFilter filter) implements ShellCommand {
    }

    /**
     * {@code ss -t|-u [-l|-a] [-n] [-p] [-H] [-4]}: the node's TCP and/or UDP sockets. Without {@code -l} or
     * {@code -a} the connected ones (TCP but LISTEN, TIME-WAIT and SYN-RECV; UDP connected), with {@code -l} the
     * listening ones (TCP LISTEN, UDP bound and not connected), with {@code -a} both.
     */
    record Ss(boolean tcp, boolean udp, boolean listening, boolean all, boolean numeric, boolean processes,
              boolean header) implements ShellCommand {
    }
}
