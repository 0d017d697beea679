package io.bridgelab.netfilter.testing;

import io.bridgelab.netfilter.linux.NetworkNamespace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What kernel tests need around real processes: start one in a namespace in the background, and wait
 * for a condition the kernel makes true (a socket listening, a conntrack entry) instead of sleeping.
 */
public final class Await {
    private static final long DEADLINE_NANOS = 10_000_000_000L;

    private Await() {
    }

    /**
     * Polls {@code condition} (each poll usually runs a command) until it holds; fails the test with
     * {@code what} after 10 s.
     */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /**
     * Starts {@code argv} in {@code ns} with its output discarded. Its stdin stays open (the test never
     * closes it), so e.g. busybox nc neither sends data nor closes its connection; the caller destroys it.
     */
    public static Process background(NetworkNamespace ns, String... argv) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        full.addAll(List.of(argv));
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
