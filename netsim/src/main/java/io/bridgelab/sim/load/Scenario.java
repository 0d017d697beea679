package io.bridgelab.sim.load;

import io.bridgelab.sim.engine.Flow;
import io.bridgelab.sim.world.World;

/**
 * A named world with the flow it is meant to show.
 *
 * @param packets how many packets of the exchange {@code netsim trace} follows by default
 */
public record Scenario(String name, String summary, World world, Flow flow, int packets) {
}
