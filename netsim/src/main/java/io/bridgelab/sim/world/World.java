package io.bridgelab.sim.world;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole simulated world: namespaces joined by veth pairs and wires. Checks that every link's two
 * ends name each other.
 */
public record World(List<Node> nodes) {

    public World {
        nodes = List.copyOf(nodes);
        Map<String, Node> byName = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (byName.put(n.name(), n) != null) {
                throw new IllegalArgumentException("node " + n.name() + " defined twice");
            }
        }
        for (Node n : nodes) {
            for (NetInterface i : n.interfaces()) {
                Endpoint peer = peerOf(i);
                if (peer == null) {
                    continue;
                }
                Node far = byName.get(peer.node());
                NetInterface back = far == null ? null : far.iface(peer.iface());
                Endpoint backPeer = back == null ? null : peerOf(back);
                if (backPeer == null || !backPeer.equals(new Endpoint(n.name(), i.name()))
                        || back.getClass() != i.getClass()) {
                    throw new IllegalArgumentException("link " + n.name() + ":" + i.name() + " -> " + peer
                            + ": the far end does not exist or does not point back");
                }
            }
        }
    }

    /**
     * Whether {@code iface} of {@code node} has carrier: by the node's own view ({@link Node#hasCarrier}) and, for a
     * veth or wire, with its far end up (a veth has carrier only while both ends are up: veth_open, veth_close).
     */
    public boolean hasCarrier(String node, String iface) {
        Node n = node(node);
        if (!n.hasCarrier(iface)) {
            return false;
        }
        Endpoint peer = peerOf(n.iface(iface));
        return peer == null || !node(peer.node()).isDown(peer.iface());
    }

    /** The far end of a veth or wire, or null for loopback and bridges. */
    public static Endpoint peerOf(NetInterface i) {
        if (i instanceof Veth v) {
            return v.peer();
        }
        if (i instanceof Wire w) {
            return w.peer();
        }
        return null;
    }

    /** The node of that name; throws with the known names when there is none. */
    public Node node(String name) {
        for (Node n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "' (have: "
                + String.join(", ", nodes.stream().map(Node::name).toList()) + ")");
    }

    public boolean hasNode(String name) {
        return nodes.stream().anyMatch(n -> n.name().equals(name));
    }
}
