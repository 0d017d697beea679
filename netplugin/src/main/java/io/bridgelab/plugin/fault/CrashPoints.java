package io.bridgelab.plugin.fault;

/**
 * Named places inside every state-changing call where the plugin can be made to die the way {@code kill -9}
 * kills it: {@link Runtime#halt} runs no shutdown hook, no finally block, no rollback, closes no database
 * connection; child processes already started ({@code ip}, {@code iptables-restore}) run on, as they would.
 *
 * <p>A point is {@code Interface.Method/step-N} (after the N-th kernel step of the call was applied) or
 * {@code Interface.Method/store-N} (after the call's N-th store write committed, before the reply). The
 * system property {@value #PROPERTY} names the point to die at; the value {@value #TRACE} instead prints
 * every point passed to stderr, which is how the kill test learns the points of a scenario. Unset (in
 * production), {@link #reach} is one static read.
 */
public final class CrashPoints {
    /** System property naming the crash point. */
    public static final String PROPERTY = "netplugin.crashAt";
    /** Property value that lists the points passed instead of crashing. */
    public static final String TRACE = "trace";
    /** Exit status of the halted process: 128 + SIGKILL, what a shell reports for kill -9. */
    public static final int EXIT_STATUS = 137;
    /** Prefix of a trace line on stderr. */
    public static final String TRACE_PREFIX = "netplugin: crash point ";

    private static final String TARGET = System.getProperty(PROPERTY);
    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private CrashPoints() {
    }

    /** Per-call counters, so point names do not depend on what ran before in the process. */
    private static final class Call {
        final String name;
        int steps;
        int stores;

        Call(String name) {
            this.name = name;
        }
    }

    /** Whether a crash point (or the trace) is set: then nothing but real calls may pass the points. */
    public static boolean armed() {
        return TARGET != null;
    }

    /** Marks the start of a protocol call on this thread ({@code name} like {@code NetworkDriver.Join}). */
    public static void enter(String name) {
        if (TARGET != null) {
            CURRENT.set(new Call(name));
        }
    }

    /** Marks the end of the call on this thread. */
    public static void leave() {
        if (TARGET != null) {
            CURRENT.remove();
        }
    }

    /**
     * Counts the points reached inside as one call named {@code name} (a group commit runs the work of
     * several calls on the thread of one of them); closing the scope restores the thread's own call.
     */
    public static Scope group(String name) {
        if (TARGET == null) {
            return Scope.NONE;
        }
        Call saved = CURRENT.get();
        CURRENT.set(new Call(name));
        return new Scope(saved);
    }

    /** See {@link #group}. */
    public static final class Scope implements AutoCloseable {
        static final Scope NONE = new Scope(null);
        private final Call saved;

        private Scope(Call saved) {
            this.saved = saved;
        }

        @Override
        public void close() {
            if (this == NONE) {
                return;
            }
            if (saved == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(saved);
            }
        }
    }

    /** A kernel step of the current call was applied. */
    public static void afterStep() {
        if (TARGET != null) {
            Call c = CURRENT.get();
            if (c != null) {
                reach(c, "step-" + ++c.steps);
            }
        }
    }

    /** A store write of the current call committed. */
    public static void afterStore() {
        if (TARGET != null) {
            Call c = CURRENT.get();
            if (c != null) {
                reach(c, "store-" + ++c.stores);
            }
        }
    }

    private static void reach(Call c, String label) {
        String point = c.name + "/" + label;
        if (TRACE.equals(TARGET)) {
            System.err.println(TRACE_PREFIX + point);
        } else if (TARGET.equals(point)) {
            System.err.println(TRACE_PREFIX + point + ": halting like kill -9");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
