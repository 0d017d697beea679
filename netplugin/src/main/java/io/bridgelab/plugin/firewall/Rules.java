package io.bridgelab.plugin.firewall;

import io.bridgelab.netfilter.packet.Cidr;
import io.bridgelab.netfilter.rule.CommentMatch;
import io.bridgelab.netfilter.rule.IpHeaderMatch;
import io.bridgelab.netfilter.rule.InterfaceName;
import io.bridgelab.netfilter.rule.Match;
import io.bridgelab.netfilter.rule.Negatable;
import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Target;
import java.util.ArrayList;
import java.util.List;

/** Small builders for the header matches the firewall rules repeat; every rule ends with its tag comment. */
final class Rules {
    private Rules() {
    }

    static Negatable<InterfaceName> iface(String name) {
        return Negatable.of(new InterfaceName(name));
    }

    static Negatable<InterfaceName> notIface(String name) {
        return Negatable.not(new InterfaceName(name));
    }

    static Negatable<Cidr> net(Cidr c) {
        return Negatable.of(c);
    }

    /**
     * A rule with the comment last: iptables-nft keeps comments as rule metadata and always prints them
     * after the other matches, so putting it last keeps our text equal to what iptables-save shows.
     */
    static Rule rule(IpHeaderMatch header, List<Match> matches, String comment, Target target) {
        List<Match> all = new ArrayList<>(matches);
        all.add(new CommentMatch(comment));
        return new Rule(header, all, target);
    }
}
