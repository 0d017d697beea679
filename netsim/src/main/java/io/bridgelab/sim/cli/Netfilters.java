package io.bridgelab.sim.cli;

import io.bridgelab.sim.engine.NetfilterStage;
import io.bridgelab.sim.engine.PassThroughNetfilter;

/** Chooses the netfilter stage the CLI runs with. */
final class Netfilters {
    private Netfilters() {
    }

    static NetfilterStage forWorld() {
        return new PassThroughNetfilter();
    }
}
