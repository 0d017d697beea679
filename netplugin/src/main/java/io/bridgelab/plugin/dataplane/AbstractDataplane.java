package io.bridgelab.plugin.dataplane;

import io.bridgelab.plugin.fault.CrashPoints;
import io.bridgelab.plugin.firewall.RuleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The step sequencing and rollback shared by every dataplane: each step is applied by a primitive, and
 * on failure what was done is undone in reverse (created links deleted, added rules deleted, deleted rules
 * re-added). A link deletion cannot be undone, which is why plans put deletions last.
 */
public abstract class AbstractDataplane implements Dataplane {
    private static final Logger LOG = Logger.getLogger(AbstractDataplane.class.getName());

    /** Thrown by {@link #applyLinks} with how many ops (from the start) need undoing. */
    protected static final class LinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int started;

        protected LinkFailure(int started, String message) {
            super(message);
            this.started = started;
        }
    }

    /** Applies ops in order; throws {@link LinkFailure} counting the ops that (even partly) took effect. */
    protected abstract void applyLinks(List<LinkOp> ops);

    /** Adds or deletes every entry atomically (all or nothing). */
    protected abstract void applyRules(List<RuleEntry> entries, boolean enable);

    protected abstract void applySysctl(String key, String value, boolean optional);

    @Override
    public final void apply(Plan plan) {
        List<Runnable> undo = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step step = plan.steps().get(i);
            try {
                run(step, undo);
            } catch (RuntimeException e) {
                String rollback = rollback(undo);
                throw new DataplaneException(plan.what() + ": step " + (i + 1) + " failed: " + e.getMessage()
                        + rollback, e);
            }
            CrashPoints.afterStep();
        }
    }

    private void run(Step step, List<Runnable> undo) {
        if (step instanceof Step.Links l) {
            try {
                applyLinks(l.ops());
                undo.add(() -> undoLinks(l.ops(), l.ops().size()));
            } catch (LinkFailure f) {
                undo.add(() -> undoLinks(l.ops(), f.started));
                throw f;
            }
        } else if (step instanceof Step.Rules r) {
            applyRules(r.entries(), r.enable());
            undo.add(() -> applyRules(r.entries(), !r.enable()));
        } else if (step instanceof Step.Sysctl s) {
            // Sysctls set here are idempotent host settings (forwarding, route_localnet): nothing to undo.
            applySysctl(s.key(), s.value(), s.optional());
        }
    }

    private void undoLinks(List<LinkOp> ops, int started) {
        List<LinkOp> reverse = new ArrayList<>();
        for (int i = started - 1; i >= 0; i--) {
            LinkOp op = ops.get(i);
            if (op instanceof LinkOp.CreateBridge || op instanceof LinkOp.CreateVeth) {
                reverse.add(new LinkOp.DeleteLink(op.name(), true));
            }
        }
        if (!reverse.isEmpty()) {
            applyLinks(reverse);
        }
    }

    private static String rollback(List<Runnable> undo) {
        List<String> problems = new ArrayList<>();
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "rollback step failed", e);
                problems.add(e.getMessage());
            }
        }
        return problems.isEmpty() ? " (rolled back)" : " (rollback incomplete: " + String.join("; ", problems)
                + "; restart the plugin to reconcile)";
    }
}
