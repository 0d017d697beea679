package io.bridgelab.sim.trace;

import io.bridgelab.sim.world.Bridge;
import io.bridgelab.sim.world.Endpoint;
import io.bridgelab.sim.world.InterfaceAddress;
import io.bridgelab.sim.world.Loopback;
import io.bridgelab.sim.world.NetInterface;
import io.bridgelab.sim.world.Node;
import io.bridgelab.sim.world.OtherLink;
import io.bridgelab.sim.world.World;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each namespace, bridge and interface of a {@link World} is drawn, computed the same way every
 * time (world order only, no randomness, no measuring of text). Docker hosts are the common shape:
 * a host namespace with bridges, containers hanging off the bridges' ports, and outside machines
 * cabled to the host's NICs. So: a <em>hub</em> is a namespace with a bridge; inside its box the
 * non-bridged interfaces (eth0) sit on top, the bridges in the middle, their ports at the bottom, one
 * column per port; each container is drawn below its port, each outside node above the hub's NIC it is
 * cabled to. Anything else goes in the top row. Coordinates are SVG pixels from the drawing's corner.
 */
public final class TopologyLayout {
    static final int COLUMN = 200;
    static final int PAD = 20;
    static final int OUTSIDE_H = 76;
    static final int HUB_Y = PAD + OUTSIDE_H + 44;
    static final int HUB_H = 236;
    static final int CONTAINER_Y = HUB_Y + HUB_H + 56;
    static final int IFACE_W = 150;
    static final int IFACE_H = 36;

    /** A rectangle; {@code cx, cy} its centre. */
    public record Box(double x, double y, double w, double h) {
        public double cx() {
            return x + w / 2;
        }

        public double cy() {
            return y + h / 2;
        }
    }

    /**
     * A namespace's box; {@code anchor} is where "inside this namespace's stack" is drawn (routing,
     * netfilter, delivery).
     *
     * @param role {@code host} (has bridges), {@code container} (below a bridge port) or {@code outside}
     */
    public record NodeBox(String node, String role, Box box, double anchorX, double anchorY) {
    }

    /** An interface's box, with its kind ({@code veth}, {@code ether}, {@code bridge}) and addresses. */
    /**
     * @param note     what a reader should know beside the name, or null: a kind the simulation does not model as
     *                 a device ({@code tun}), {@code down}, {@code no carrier}
     * @param inactive the interface is down or has no carrier: nothing crosses it
     */
    public record IfaceBox(String node, String iface, String kind, List<String> addresses, Box box, String note,
                           boolean inactive) {
        public IfaceBox {
            addresses = List.copyOf(addresses);
        }

        /** Where a path touches this interface: near its right end, clear of the centred name and address. */
        public double hopX() {
            // A bridge's name is drawn at its left end (it can be long: br-995e2caec5d2), so the path meets
            // it right of the middle, where lines from the host's stack do not cross the name.
            return kind.equals("bridge") ? Math.min(box.cx() + 80, box.x() + box.w() - 16) : box.x() + box.w() - 4;
        }

        public double hopY() {
            return box.cy();
        }
    }

    /** A line between two interfaces: a veth pair, a wire, or a bridge port to its bridge ({@code port}). */
    public record Link(String kind, Endpoint a, Endpoint b) {
    }

    /** The whole drawing. */
    public record Layout(int width, int height, List<NodeBox> nodes, List<IfaceBox> ifaces, List<Link> links) {
        public Layout {
            nodes = List.copyOf(nodes);
            ifaces = List.copyOf(ifaces);
            links = List.copyOf(links);
        }

        /** The node's box; throws for an unknown node. */
        public NodeBox node(String name) {
            for (NodeBox n : nodes) {
                if (n.node().equals(name)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("no node '" + name + "' in the layout");
        }

        /** The interface's box, or null when it is not drawn (loopback, unknown). */
        public IfaceBox iface(String node, String iface) {
            for (IfaceBox i : ifaces) {
                if (i.node().equals(node) && i.iface().equals(iface)) {
                    return i;
                }
            }
            return null;
        }
    }

    private final World world;
    private final List<NodeBox> nodes = new ArrayList<>();
    private final List<IfaceBox> ifaces = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Set<String> placed = new LinkedHashSet<>();
    private double outsideX = PAD;
    private double right = PAD;
    private double bottom = PAD + OUTSIDE_H;

    private TopologyLayout(World world) {
        this.world = world;
    }

    /** Lays the world out. */
    public static Layout of(World world) {
        return new TopologyLayout(world).build();
    }

    private Layout build() {
        double x = PAD;
        for (Node n : world.nodes()) {
            if (n.interfaces().stream().anyMatch(i -> i instanceof Bridge)) {
                x = hub(n, x) + PAD * 2;
            }
        }
        for (Node n : world.nodes()) {
            if (!placed.contains(n.name())) {
                outside(n, Math.max(outsideX, PAD));
            }
        }
        linkPeers();
        return new Layout((int) Math.ceil(right + PAD), (int) Math.ceil(bottom + PAD), nodes, ifaces, links);
    }

    /** Lays out a hub at {@code x}; returns its right edge. */
    private double hub(Node n, double x) {
        placed.add(n.name());
        List<NetInterface> top = new ArrayList<>();
        Map<Bridge, List<NetInterface>> bridges = new LinkedHashMap<>();
        for (NetInterface i : n.interfaces()) {
            if (i instanceof Bridge b) {
                bridges.put(b, n.portsOf(b.name()));
            } else if (!(i instanceof Loopback) && i.port() == null) {
                top.add(i);
            }
        }
        int columns = 0;
        for (List<NetInterface> ports : bridges.values()) {
            columns += Math.max(1, ports.size());
        }
        double width = Math.max(Math.max(columns, top.size()), 2) * COLUMN + PAD;
        Box hubBox = new Box(x, HUB_Y, width, HUB_H);
        nodes.add(new NodeBox(n.name(), "host", hubBox, x + width / 2, HUB_Y + 96));
        double topX = x + PAD / 2.0;
        for (NetInterface i : top) {
            Box b = new Box(topX + (COLUMN - IFACE_W) / 2.0, HUB_Y + 30, IFACE_W, IFACE_H + 6);
            ifaces.add(iface(world, n, i, b));
            Endpoint peer = World.peerOf(i);
            if (peer != null && !placed.contains(peer.node()) && world.hasNode(peer.node())) {
                outside(world.node(peer.node()), b.x() - 10);
            }
            topX += COLUMN;
        }
        double column = x + PAD / 2.0;
        for (Map.Entry<Bridge, List<NetInterface>> e : bridges.entrySet()) {
            int span = Math.max(1, e.getValue().size());
            Box bb = new Box(column + 16, HUB_Y + 118, span * COLUMN - 32, 40);
            ifaces.add(iface(world, n, e.getKey(), bb));
            for (NetInterface port : e.getValue()) {
                Box pb = new Box(column + (COLUMN - IFACE_W) / 2.0, HUB_Y + 186, IFACE_W, IFACE_H);
                ifaces.add(iface(world, n, port, pb));
                links.add(new Link("port", new Endpoint(n.name(), port.name()), new Endpoint(n.name(),
                        e.getKey().name())));
                Endpoint peer = World.peerOf(port);
                if (peer != null && !placed.contains(peer.node()) && world.hasNode(peer.node())) {
                    container(world.node(peer.node()), column);
                }
                column += COLUMN;
            }
            if (e.getValue().isEmpty()) {
                column += COLUMN;
            }
        }
        right = Math.max(right, x + width);
        bottom = Math.max(bottom, HUB_Y + HUB_H);
        return x + width;
    }

    /** A container below the port column starting at {@code column}: its interfaces stacked on top. */
    private void container(Node n, double column) {
        placed.add(n.name());
        List<NetInterface> own = drawable(n);
        double h = 30 + Math.max(1, own.size()) * (IFACE_H + 8);
        Box box = new Box(column + 15, CONTAINER_Y, COLUMN - 30, h);
        double y = CONTAINER_Y + 8;
        for (NetInterface i : own) {
            ifaces.add(iface(world, n, i, new Box(column + (COLUMN - IFACE_W) / 2.0, y, IFACE_W, IFACE_H)));
            y += IFACE_H + 8;
        }
        nodes.add(new NodeBox(n.name(), "container", box, box.x() + box.w() - 18, box.y() + h - 14));
        bottom = Math.max(bottom, box.y() + h);
        right = Math.max(right, box.x() + box.w());
    }

    /** An outside node (or any other) in the top row at {@code x}: its interfaces at the bottom. */
    private void outside(Node n, double x) {
        placed.add(n.name());
        List<NetInterface> own = drawable(n);
        int count = Math.max(1, own.size());
        double w = count * (IFACE_W + 10) + 10;
        Box box = new Box(x, PAD, w, OUTSIDE_H);
        double ix = x + 10;
        for (NetInterface i : own) {
            ifaces.add(iface(world, n, i, new Box(ix, PAD + OUTSIDE_H - IFACE_H - 6, IFACE_W, IFACE_H)));
            ix += IFACE_W + 10;
        }
        nodes.add(new NodeBox(n.name(), "outside", box, box.x() + box.w() - 18, PAD + 14));
        outsideX = Math.max(outsideX, x + w + PAD);
        right = Math.max(right, x + w);
    }

    private void linkPeers() {
        Set<String> seen = new LinkedHashSet<>();
        for (Node n : world.nodes()) {
            for (NetInterface i : n.interfaces()) {
                Endpoint peer = World.peerOf(i);
                Endpoint self = new Endpoint(n.name(), i.name());
                if (peer != null && !seen.contains(peer.toString())) {
                    seen.add(self.toString());
                    links.add(new Link(i.kind().equals("veth") ? "veth" : "wire", self, peer));
                }
            }
        }
    }

    private static List<NetInterface> drawable(Node n) {
        return n.interfaces().stream().filter(i -> !(i instanceof Loopback)).toList();
    }

    private static IfaceBox iface(World world, Node n, NetInterface i, Box box) {
        String state = n.isDown(i.name()) ? "down" : !world.hasCarrier(n.name(), i.name()) ? "no carrier" : null;
        String note = i instanceof OtherLink ? (state == null ? i.kind() : i.kind() + ", " + state) : state;
        return new IfaceBox(n.name(), i.name(), i.kind(),
                i.addresses().stream().map(InterfaceAddress::toString).toList(), box, note, state != null);
    }
}
