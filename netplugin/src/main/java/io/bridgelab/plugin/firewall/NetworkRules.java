package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.Accept;
import io.bridgelab.netfilter.rule.AddressType;
import io.bridgelab.netfilter.rule.AddrtypeMatch;
import io.bridgelab.netfilter.rule.ConntrackMatch;
import io.bridgelab.netfilter.rule.CtState;
import io.bridgelab.netfilter.rule.Drop;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.Jump;
import io.bridgelab.netfilter.rule.Masquerade;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.TableName;
import io.bridgelab.plugin.store.NetworkState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules of one network, as Docker 20.10's bridge driver installs them for the same options
 * (reference/docker-20.10-bridge.iptables-save.txt), moved into the owned chains:
 * <pre>
 * filter FORWARD chain:   -o BR -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
 *                         -o BR -j NETPLUGIN                  (published ports)
 *                         -i BR ! -o BR -j ACCEPT             (unless internal)
 *                         -i BR -o BR -j ACCEPT|DROP          (enable_icc)
 * isolation:              STAGE-1 -i BR ! -o BR -j STAGE-2 ; STAGE-2 -o BR -j DROP
 * internal:               STAGE-1 ! -s SUBNET -o BR -j DROP ; STAGE-1 ! -d SUBNET -i BR -j DROP
 * nat POSTROUTING chain:  -s SUBNET ! -o BR -j MASQUERADE      (enable_ip_masquerade, not internal)
 *                         -o BR -m addrtype --src-type LOCAL -j MASQUERADE  (host/localhost to ports)
 * </pre>
 * Docker puts the isolation jump and RETURNs in its chains; here STAGE-1 is the first rule of the
 * FORWARD chain ({@link BaseRules#chainHeads()}) and user chains return by falling off their end.
 */
public final class NetworkRules {
    private NetworkRules() {
    }

    public static String comment(NetworkState n) {
        return OwnedChains.TAG + ":net:" + n.shortId();
    }

    public static List<RuleEntry> of(NetworkState n) {
        String br = n.bridge();
        Cidr subnet = Cidr.parse(n.subnet());
        String c = comment(n);
        List<RuleEntry> out = new ArrayList<>();
        IpHeaderMatch any = IpHeaderMatch.ANY;
        if (n.internal()) {
            out.add(filter(OwnedChains.ISOLATION_1, Rules.rule(any.withSource(Negatable.not(subnet))
                    .withOutInterface(Rules.iface(br)), List.of(), c, Drop.INSTANCE)));
            out.add(filter(OwnedChains.ISOLATION_1, Rules.rule(any.withDestination(Negatable.not(subnet))
                    .withInInterface(Rules.iface(br)), List.of(), c, Drop.INSTANCE)));
        } else {
            out.add(filter(OwnedChains.ISOLATION_1, Rules.rule(any.withInInterface(Rules.iface(br))
                    .withOutInterface(Rules.notIface(br)), List.of(), c, new Jump(OwnedChains.ISOLATION_2))));
            out.add(filter(OwnedChains.ISOLATION_2, Rules.rule(any.withOutInterface(Rules.iface(br)), List.of(), c,
                    Drop.INSTANCE)));
            out.add(filter(OwnedChains.FORWARD, Rules.rule(any.withOutInterface(Rules.iface(br)),
                    List.of(ConntrackMatch.state(Set.of(CtState.RELATED, CtState.ESTABLISHED))), c, Accept.INSTANCE)));
            out.add(filter(OwnedChains.FORWARD, Rules.rule(any.withOutInterface(Rules.iface(br)), List.of(), c,
                    new Jump(OwnedChains.PORTS))));
            out.add(filter(OwnedChains.FORWARD, Rules.rule(any.withInInterface(Rules.iface(br))
                    .withOutInterface(Rules.notIface(br)), List.of(), c, Accept.INSTANCE)));
        }
        out.add(filter(OwnedChains.FORWARD, Rules.rule(any.withInInterface(Rules.iface(br))
                .withOutInterface(Rules.iface(br)), List.of(), c, n.icc() ? Accept.INSTANCE : Drop.INSTANCE)));
        if (!n.internal()) {
            if (n.masquerade()) {
                out.add(nat(Rules.rule(any.withSource(Rules.net(subnet)).withOutInterface(Rules.notIface(br)),
                        List.of(), c, Masquerade.PLAIN)));
            }
            out.add(nat(Rules.rule(any.withOutInterface(Rules.iface(br)),
                    List.of(new AddrtypeMatch(Negatable.of(Set.of(AddressType.LOCAL)), null, false, false)), c,
                    Masquerade.PLAIN)));
        }
        return List.copyOf(out);
    }

    private static RuleEntry filter(String chain, io.bridgelab.netfilter.rule.Rule r) {
        return new RuleEntry(TableName.FILTER, chain, r);
    }

    private static RuleEntry nat(io.bridgelab.netfilter.rule.Rule r) {
        return new RuleEntry(TableName.NAT, OwnedChains.POSTROUTING, r);
    }
}
