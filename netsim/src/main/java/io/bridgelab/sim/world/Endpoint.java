package io.bridgelab.sim.world;

/** One interface of one node, as a link's far end: {@code test2:eth0}. */
public record Endpoint(String node, String iface) {
    public Endpoint {
        if (node == null || node.isEmpty() || iface == null || iface.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs a node and an interface name");
        }
    }

    @Override
    public String toString() {
        return node + ":" + iface;
    }
}
