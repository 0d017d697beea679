package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.rule.TableName;
import java.util.List;

/**
 * The chains netplugin owns, named after the ones Docker's bridge driver uses so that an admin who knows
 * {@code iptables -L DOCKER} reads these the same way. Nothing outside them is written except one tagged
 * jump per built-in hook ({@link BaseRules}).
 */
public final class OwnedChains {
    /** filter: jumped to from FORWARD after DOCKER-USER; per-network forwarding policy. */
    public static final String FORWARD = "NETPLUGIN-FORWARD";
    /** filter: per published port ACCEPT (Docker's DOCKER chain in filter). nat: per published port DNAT. */
    public static final String PORTS = "NETPLUGIN";
    public static final String ISOLATION_1 = "NETPLUGIN-ISOLATION-STAGE-1";
    public static final String ISOLATION_2 = "NETPLUGIN-ISOLATION-STAGE-2";
    /** nat: MASQUERADE of each subnet, localhost access and hairpin. */
    public static final String POSTROUTING = "NETPLUGIN-POSTROUTING";
    /** The comment every netplugin rule starts with. */
    public static final String TAG = "netplugin";

    private OwnedChains() {
    }

    /** The owned chains of {@code table}, in declaration order. */
    public static List<String> of(TableName table) {
        return switch (table) {
            case FILTER -> List.of(FORWARD, PORTS, ISOLATION_1, ISOLATION_2);
            case NAT -> List.of(PORTS, POSTROUTING);
            default -> List.of();
        };
    }

    public static List<TableName> tables() {
        return List.of(TableName.FILTER, TableName.NAT);
    }
}
