package io.bridgelab.plugin.dataplane;

import io.bridgelab.plugin.firewall.RuleEntry;
import java.util.List;

/** Where plans are applied. */
public interface Dataplane {
    /**
     * Applies every step in order; on the first failure undoes the completed steps in reverse order and
     * throws {@link DataplaneException}.
     */
    void apply(Plan plan);

    /**
     * Applies the plans of independent calls together, as few kernel rounds as their kinds allow; each plan
     * succeeds or fails (and is rolled back) on its own, as with {@link #apply}. The result has one entry per
     * plan, in order: null when it was applied, else its error.
     */
    List<DataplaneException> applyGroup(List<Plan> plans);

    /** Creates the owned chains and the tagged jumps into them if absent; enables forwarding. Idempotent. */
    void ensureBase();

    /** The links and owned-chain rules present now. */
    KernelState observe();

    /** Rewrites every owned chain to hold exactly {@code entries}, atomically per table. */
    void replaceOwnedRules(List<RuleEntry> entries);
}
