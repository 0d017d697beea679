package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.sim.trace.TraceStep;

import java.util.function.Consumer;

/**
 * The netfilter part of the pipeline: one call per hook a packet meets, with the packet's
 * {@code Metadata} carrying {@code -i}/{@code -o} (and the bridge ports for br_netfilter). An
 * implementation walks the tables in priority order, keeps conntrack per namespace, applies NAT and
 * reports every conntrack lookup, rule, policy and rewrite as trace steps.
 */
public interface NetfilterStage {

    /**
     * @param conntrack what the previous hook of this packet in this namespace returned, null at the first
     */
    HookResult hook(Hook hook, HookContext context, Packet packet, Object conntrack, Consumer<TraceStep> steps);

    /**
     * Whether {@code node}'s kernel tracks connections, and so reassembles fragments before PREROUTING
     * (nf_defrag_ipv4 comes with conntrack): a stage without conntrack never does.
     */
    default boolean tracks(NodeRuntime node) {
        return false;
    }
}
