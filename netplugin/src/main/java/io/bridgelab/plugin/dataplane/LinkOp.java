package io.bridgelab.plugin.dataplane;

/**
 * A link change. Creations carry an alias ({@code netplugin:...}) so that a link the plugin made can be
 * recognised after a crash even when the store never heard of it.
 */
public sealed interface LinkOp permits LinkOp.CreateBridge, LinkOp.CreateVeth, LinkOp.Attach, LinkOp.DeleteLink {

    /** The interface this op creates or deletes. */
    String name();

    /** A bridge with its gateway address ({@code 172.20.0.1/16}), MTU, up. */
    record CreateBridge(String name, String alias, String gatewayCidr, int mtu) implements LinkOp {
    }

    /**
     * A veth pair: {@code name} on {@code bridge} (up, hairpin on, so a container reaches its own published
     * port through the host), {@code peer} with {@code mac}, left for dockerd to move into the sandbox.
     */
    record CreateVeth(String name, String peer, String bridge, String mac, int mtu, String alias) implements LinkOp {
    }

    /**
     * Puts an existing veth back on its bridge (hairpin on, up): after a bridge was deleted and recreated its
     * ports are detached, but a joined container's veth must be re-used, not replaced. Not undone.
     */
    record Attach(String name, String bridge) implements LinkOp {
    }

    /** Deletes a link (a veth's peer goes with it). {@code ifPresent}: a missing link is not an error. */
    record DeleteLink(String name, boolean ifPresent) implements LinkOp {
    }
}
