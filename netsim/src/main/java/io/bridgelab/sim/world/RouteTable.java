package io.bridgelab.sim.world;

/** The routing tables the simulator knows; the kernel consults local (rule 0) before main (rule 32766). */
public enum RouteTable {
    LOCAL, MAIN
}
