package io.bridgelab.sim.exec;

import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;

/** Link facts the world does not model because they never change a packet's way here. */
final class ExecFacts {
    private ExecFacts() {
    }

    /** The kernel's default MTUs: 65536 for lo, 1500 for Ethernet-like devices. */
    static int mtu(NetInterface i) {
        return i instanceof Loopback ? 65536 : 1500;
    }
}
