package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.TableName;
import java.util.List;

/**
 * The rules that exist once, whatever the networks: the jumps from the built-in hooks into the owned
 * chains, and the first rule of {@link OwnedChains#FORWARD} (isolation before any ACCEPT, as Docker does).
 *
 * <p>Unlike Docker's {@code OUTPUT ! -d 127.0.0.0/8} jump, locally generated traffic to 127/8 is also sent
 * to the DNAT chain: with {@code route_localnet} on the bridge this gives localhost access to published
 * ports without a userland proxy process.
 */
public final class BaseRules {
    public static final String COMMENT = OwnedChains.TAG + ":base";

    private BaseRules() {
    }

    /** The jumps from built-in chains; the FORWARD one is placed after DOCKER-USER's (see LinuxDataplane). */
    public static List<RuleEntry> hookJumps() {
        return List.of(
                new RuleEntry(TableName.FILTER, "FORWARD",
                        Rules.rule(IpHeaderMatch.ANY, List.of(), COMMENT, new Jump(OwnedChains.FORWARD))),
                new RuleEntry(TableName.NAT, "PREROUTING",
                        Rules.rule(IpHeaderMatch.ANY, List.of(AddrtypeMatch.destinationLocal()), COMMENT,
                                new Jump(OwnedChains.PORTS))),
                new RuleEntry(TableName.NAT, "OUTPUT",
                        Rules.rule(IpHeaderMatch.ANY, List.of(AddrtypeMatch.destinationLocal()), COMMENT,
                                new Jump(OwnedChains.PORTS))),
                new RuleEntry(TableName.NAT, "POSTROUTING",
                        Rules.rule(IpHeaderMatch.ANY, List.of(), COMMENT, new Jump(OwnedChains.POSTROUTING))));
    }

    /** The fixed first rules of the owned chains. */
    public static List<RuleEntry> chainHeads() {
        return List.of(new RuleEntry(TableName.FILTER, OwnedChains.FORWARD,
                Rules.rule(IpHeaderMatch.ANY, List.of(), COMMENT, new Jump(OwnedChains.ISOLATION_1))));
    }

    static Cidr loopback() {
        return Cidr.parse("127.0.0.0/8");
    }
}
