package io.bridgelab.netfilter.eval;

import io.bridgelab.netfilter.conntrack.NatManip;
import io.bridgelab.netfilter.rule.TableName;

import java.util.List;

/**
 * The five IPv4 netfilter hooks with the tables registered at each, in kernel priority order: raw -300,
 * (conntrack -200), mangle -150, nat DNAT -100, filter 0, security 50, nat SNAT 100, (confirm last).
 */
public enum Hook {
    PREROUTING(List.of(TableName.RAW, TableName.MANGLE, TableName.NAT), true, false, NatManip.DESTINATION),
    INPUT(List.of(TableName.MANGLE, TableName.FILTER, TableName.SECURITY, TableName.NAT), false, true,
            NatManip.SOURCE),
    FORWARD(List.of(TableName.MANGLE, TableName.FILTER, TableName.SECURITY), false, false, null),
    OUTPUT(List.of(TableName.RAW, TableName.MANGLE, TableName.NAT, TableName.FILTER, TableName.SECURITY), true,
            false, NatManip.DESTINATION),
    POSTROUTING(List.of(TableName.MANGLE, TableName.NAT), false, true, NatManip.SOURCE);

    private final List<TableName> tables;
    private final boolean tracks;
    private final boolean confirms;
    private final NatManip natManip;

    Hook(List<TableName> tables, boolean tracks, boolean confirms, NatManip natManip) {
        this.tables = tables;
        this.tracks = tracks;
        this.confirms = confirms;
        this.natManip = natManip;
    }

    /** Tables in priority order. */
    public List<TableName> tables() {
        return tables;
    }

    /** Whether conntrack looks the packet up here (PREROUTING, OUTPUT: the packet enters the stack). */
    public boolean tracks() {
        return tracks;
    }

    /** Whether the connection is confirmed when the packet leaves this hook (INPUT, POSTROUTING). */
    public boolean confirms() {
        return confirms;
    }

    /** What the nat table rewrites here; null for FORWARD, which has no nat chain. */
    public NatManip natManip() {
        return natManip;
    }

    /** The built-in chain name of this hook. */
    public String chainName() {
        return name();
    }
}
