package io.bridgelab.netfilter.rule;

import java.util.Set;

/** {@code -m state --state}: the older spelling of {@code -m conntrack --ctstate}. */
public record StateMatch(Negatable<Set<CtState>> state) implements Match {
    public StateMatch {
        if (state == null) {
            throw new IllegalArgumentException("state match needs --state");
        }
        state = new Negatable<>(Set.copyOf(state.value()), state.negated());
    }

    @Override
    public String module() {
        return "state";
    }
}
