package io.bridgelab.sim.world;

import java.util.Locale;

/** Route types as {@code ip route} prints them. */
public enum RouteType {
    UNICAST, LOCAL, BROADCAST;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
