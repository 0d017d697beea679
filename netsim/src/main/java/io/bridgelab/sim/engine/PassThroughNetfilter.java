package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.netfilter.rule.Ruleset;
import io.bridgelab.sim.trace.TraceStep;

import java.util.function.Consumer;

/**
 * Accepts everything unchanged. Stands in until the iptables-model evaluator is wired; says so in
 * the trace whenever it passes a hook of a namespace that has rules, so nobody mistakes it for the
 * rules' verdict.
 */
public final class PassThroughNetfilter implements NetfilterStage {
    @Override
    public HookResult hook(Hook hook, HookContext context, Packet packet, Object conntrack,
                           Consumer<TraceStep> steps) {
        if (!context.node().ruleset().equals(Ruleset.EMPTY)) {
            steps.accept(new TraceStep.HookPassedThrough(context.node().name(), hook.name(),
                    "rules not evaluated: no netfilter evaluator wired (pass-through)"));
        }
        return HookResult.accept(packet, null);
    }
}
