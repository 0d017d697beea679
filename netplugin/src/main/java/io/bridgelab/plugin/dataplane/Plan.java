package io.bridgelab.plugin.dataplane;

import java.util.List;

/** What one driver call changes in the kernel, as steps; {@code what} names it in errors and logs. */
public record Plan(String what, List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
