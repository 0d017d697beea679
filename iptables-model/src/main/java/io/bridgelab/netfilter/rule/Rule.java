package io.bridgelab.netfilter.rule;

import java.util.List;

/**
 * One rule: the header match ({@code -s -d -i -o -p -f}), the match modules in the order given, the
 * target (null for a rule without {@code -j}, which only counts) and its counters.
 */
public record Rule(IpHeaderMatch header, List<Match> matches, Target target, Counters counters) {
    public Rule {
        if (header == null) {
            header = IpHeaderMatch.ANY;
        }
        matches = matches == null ? List.of() : List.copyOf(matches);
        if (counters == null) {
            counters = Counters.ZERO;
        }
    }

    public Rule(IpHeaderMatch header, List<Match> matches, Target target) {
        this(header, matches, target, Counters.ZERO);
    }

    public Rule withCounters(Counters newCounters) {
        return new Rule(header, matches, target, newCounters);
    }

    /** The first match module of the given type, or null. */
    public <M extends Match> M match(Class<M> type) {
        for (Match m : matches) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        return null;
    }
}
