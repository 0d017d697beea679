package io.bridgelab.sim.cli;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.EvaluatedNetfilter;

/** Chooses the netfilter stage the CLI runs with. */
final class Netfilters {
    private Netfilters() {
    }

    static EvaluatedNetfilter forWorld() {
        return new EvaluatedNetfilter(Netfilter.Mode.REFERENCE);
    }
}
