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

    /**
     * Thrown by {@link #applyLinks} with how many ops (from the start) need undoing and, when known, the
     * index of the op that failed (every op before it took full effect, none after it started).
     */
    protected static final class LinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int started;
        final int failed;

        protected LinkFailure(int started, String message) {
            this(started, -1, message);
        }

        protected LinkFailure(int started, int failed, String message) {
            super(message);
            this.started = started;
            this.failed = failed;
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

    /**
     * Group commit: plans of independent calls that are each one link step (CreateEndpoint's veth) go to the
     * kernel as one {@code ip -batch} round. {@code ip} stops at the first failing line, so the ops before it
     * took full effect and none after it started: the failing plan alone is rolled back (its partly applied
     * op undone), its error recorded, and the plans after it are sent again as the next round. Each plan
     * thus ends exactly as {@link #apply} alone would have left it. When the failing op cannot be told (no
     * line number), the whole round is undone and every plan of it applied alone. Plans of other shapes are
     * applied alone, in order. One crash point ({@code step-N}) for the group's link change.
     */
    @Override
    public final List<DataplaneException> applyGroup(List<Plan> plans) {
        List<DataplaneException> errors = new ArrayList<>(java.util.Collections.nCopies(plans.size(), null));
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            if (plans.get(i).steps().size() == 1 && plans.get(i).steps().get(0) instanceof Step.Links) {
                remaining.add(i);
            } else {
                errors.set(i, applyAlone(plans.get(i)));
            }
        }
        boolean changed = false;
        while (!remaining.isEmpty()) {
            List<LinkOp> ops = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (int p : remaining) {
                for (LinkOp op : ((Step.Links) plans.get(p).steps().get(0)).ops()) {
                    ops.add(op);
                    owner.add(p);
                }
            }
            try {
                applyLinks(ops);
                changed = true;
                break;
            } catch (LinkFailure f) {
                if (f.failed < 0 || f.failed >= ops.size()) {
                    String rollback = rollback(List.of(() -> undoLinks(ops, f.started)));
                    LOG.warning("grouped ip batch failed at an unknown line (" + f.getMessage() + rollback
                            + "); applying its " + remaining.size() + " plans one by one");
                    for (int p : remaining) {
                        errors.set(p, applyAlone(plans.get(p)));
                    }
                    break;
                }
                int bad = owner.get(f.failed);
                int first = owner.indexOf(bad);
                List<LinkOp> own = ops.subList(first, owner.lastIndexOf(bad) + 1);
                String rollback = rollback(List.of(() -> undoLinks(own, Math.max(0, f.started - first))));
                errors.set(bad, new DataplaneException(plans.get(bad).what() + ": step 1 failed: " + f.getMessage()
                        + rollback, f));
                changed |= first > 0;
                remaining = new ArrayList<>(remaining.subList(remaining.indexOf(bad) + 1, remaining.size()));
            }
        }
        if (changed) {
            CrashPoints.afterStep();
        }
        return errors;
    }

    private DataplaneException applyAlone(Plan plan) {
        try {
            apply(plan);
            return null;
        } catch (DataplaneException e) {
            return e;
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
