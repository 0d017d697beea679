package io.bridgelab.sim.load;

import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.world.World;

import java.util.function.Supplier;

/**
 * A named world with the flow it is meant to show. The world is built on demand, so listing the
 * scenarios costs nothing.
 *
 * @param packets how many packets of the exchange {@code netsim trace} follows by default
 */
public record Scenario(String name, String summary, Supplier<World> worldFactory, Flow flow, int packets) {

    /** Builds the scenario's world (a fresh one on every call). */
    public World world() {
        return worldFactory.get();
    }
}
