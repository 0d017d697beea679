package io.bridgelab.netfilter.eval;

import static io.bridgelab.netfilter.eval.DockerRuleset.dnat;
import static io.bridgelab.netfilter.eval.DockerRuleset.noti;
import static io.bridgelab.netfilter.eval.DockerRuleset.rule;
import static io.bridgelab.netfilter.eval.DockerRuleset.tcp;

import io.bridgelab.netfilter.rule.Rule;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.netfilter.rule.TcpMatch;

import java.util.ArrayList;
import java.util.List;

/** Rulesets shaped like the benchmark's: Docker's nat table with many published ports. */
final class Benchmarks {
    private Benchmarks() {
    }

    /** Docker's ruleset with {@code n} more DNAT rules for ports 10000.. (the 8088 rule stays third). */
    static Ruleset dockerWithPorts(int n) {
        List<Rule> more = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            more.add(rule(tcp().withInInterface(noti("docker0")), dnat("172.17.0." + (2 + k % 200), 80 + k % 7),
                    TcpMatch.destinationPort(10000 + k)));
        }
        return new Ruleset(List.of(DockerRuleset.filter(), DockerRuleset.nat(more)));
    }
}
