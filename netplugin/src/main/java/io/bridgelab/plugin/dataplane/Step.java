package io.bridgelab.plugin.dataplane;

import io.bridgelab.plugin.firewall.RuleEntry;
import java.util.List;

/** One step of a plan; each kind is applied atomically or, for links, op by op with a known prefix done. */
public sealed interface Step permits Step.Links, Step.Rules, Step.Sysctl {

    /** Link ops, in order (one {@code ip -batch}). */
    record Links(List<LinkOp> ops) implements Step {
        public Links {
            ops = List.copyOf(ops);
        }
    }

    /** Rules added ({@code enable}) or deleted; the undo is the same list with the flag flipped. */
    record Rules(List<RuleEntry> entries, boolean enable) implements Step {
        public Rules {
            entries = List.copyOf(entries);
        }
    }

    /** A sysctl; {@code optional} ones may be absent (a module not loaded) without failing the plan. */
    record Sysctl(String key, String value, boolean optional) implements Step {
    }
}
