package io.bridgelab.plugin.os;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Asks Linux's EEVDF scheduler for a shorter time slice for the plugin's threads (Linux 6.12 and later:
 * {@code sched_setattr} with {@code SCHED_OTHER} and {@code sched_runtime}, "custom slice").
 *
 * <p>Why: while 50 containers start on a 2-core host, 30-40 tasks are runnable at once (dockerd, containerd,
 * runc, the containers), and each wake-up of a plugin thread (read the request, run the call, write the
 * answer) waited tens of ms, at times over 200 ms, for a CPU with the call itself using 0-5 ms. EEVDF gives a
 * task a virtual deadline of its eligible time plus its slice; a waking task with a short slice has an
 * earlier deadline, so it is picked (and may preempt the running task) sooner. It does not raise the
 * plugin's share of the CPU (its weight, which {@code nice} sets, stays), so unlike a real-time policy it
 * cannot starve the host: a thread that runs longer than its slice is simply preempted more often.
 *
 * <p>The request is applied to every thread of this process ({@code /proc/self/task}); threads created
 * later inherit it from their creator (clone copies the scheduling attributes), and so do child processes
 * such as {@code ip} and {@code iptables-restore}. Each thread's policy and nice value are kept. On a kernel
 * that ignores the field (before 6.12) the read-back differs and the outcome says so; nothing fails.
 *
 * <p>Off by default ({@code serve --sched-slice-us 0}): in alternated runs of 50 parallel {@code docker run}
 * it lowered the plugin's CPU wait (median 14.7 s against 20.7 s per burst) but not the p99 call latency
 * the noise lets us see (module README, "50 parallel docker run").
 */
public final class SchedulerSlice {
    /** The kernel clamps a custom slice to 0.1-100 ms; outside that a request would not mean what it says. */
    public static final Duration MIN = Duration.ofNanos(100_000);
    public static final Duration MAX = Duration.ofMillis(100);

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;
    /** struct sched_attr up to sched_period (SCHED_ATTR_SIZE_VER0); the utilisation clamps are not used. */
    private static final int ATTR_SIZE = 48;

    /** What a request did. */
    public sealed interface Outcome {
        String describe();
    }

    /** Every SCHED_OTHER/SCHED_BATCH thread now has the slice; {@code skipped} threads had another policy. */
    public record Applied(Duration slice, int threads, int skipped) implements Outcome {
        @Override
        public String describe() {
            return "scheduler slice " + micros(slice) + " requested for " + threads + " threads"
                    + (skipped > 0 ? " (" + skipped + " with a real-time or idle policy left alone)" : "");
        }
    }

    /** Nothing was changed: the platform or kernel cannot take the request. */
    public record Unsupported(String why) implements Outcome {
        @Override
        public String describe() {
            return "scheduler slice not requested: " + why;
        }
    }

    /** One thread's attributes as far as this class reads them. */
    record Attr(int policy, int nice, long runtimeNanos) {
    }

    /** The system call numbers of this architecture, or null where they are not known here. */
    private record Calls(long setattr, long getattr) {
        static Calls forArch(String arch) {
            return switch (arch) {
                case "amd64", "x86_64" -> new Calls(314, 315);
                case "aarch64", "arm64" -> new Calls(274, 275);
                default -> null;
            };
        }
    }

    private SchedulerSlice() {
    }

    /** Checks a requested slice; throws with what is wrong. */
    public static Duration validate(Duration slice) {
        if (slice.compareTo(MIN) < 0 || slice.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("a scheduler slice of " + micros(slice) + " is outside the kernel's "
                    + micros(MIN) + " to " + micros(MAX));
        }
        return slice;
    }

    /** Requests {@code slice} for every thread of this process. */
    public static Outcome requestForProcess(Duration slice) {
        validate(slice);
        Calls calls = Calls.forArch(System.getProperty("os.arch"));
        if (calls == null) {
            return new Unsupported("no sched_setattr number known for " + System.getProperty("os.arch"));
        }
        List<Integer> tids;
        try {
            tids = threadIds();
        } catch (IOException e) {
            return new Unsupported("cannot list /proc/self/task: " + e.getMessage());
        }
        int applied = 0;
        int skipped = 0;
        try {
            for (int tid : tids) {
                Attr before = read(calls, tid);
                if (before == null) {
                    continue; // the thread ended since the listing
                }
                if (before.policy() != SCHED_OTHER && before.policy() != SCHED_BATCH) {
                    skipped++;
                    continue;
                }
                if (!write(calls, tid, before.policy(), before.nice(), slice.toNanos())) {
                    continue;
                }
                Attr after = read(calls, tid);
                if (after != null && after.runtimeNanos() != slice.toNanos()) {
                    return new Unsupported("this kernel (" + System.getProperty("os.version") + ") ignores a "
                            + "slice request for SCHED_OTHER; it needs Linux 6.12 or later");
                }
                applied++;
            }
        } catch (SyscallFailed e) {
            return new Unsupported(e.getMessage());
        }
        return new Applied(slice, applied, skipped);
    }

    /** The calling thread's attributes (for tests and diagnostics). */
    static Attr current() {
        return read(Calls.forArch(System.getProperty("os.arch")), 0);
    }

    /** Sets the calling thread's slice; {@code 0} returns it to the kernel's default. */
    static void setCurrent(long runtimeNanos) {
        setThread(0, runtimeNanos);
    }

    /** Sets one thread's slice (0: the calling thread), keeping its policy and nice value. */
    static void setThread(int tid, long runtimeNanos) {
        Calls calls = Calls.forArch(System.getProperty("os.arch"));
        Attr a = read(calls, tid);
        if (a != null) {
            write(calls, tid, a.policy(), a.nice(), runtimeNanos);
        }
    }

    private static List<Integer> threadIds() throws IOException {
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(p -> tids.add(Integer.parseInt(p.getFileName().toString())));
        }
        return tids;
    }

    /** sched_getattr; null when the thread no longer exists. */
    private static Attr read(Calls calls, int tid) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        if (!call("sched_getattr", tid, calls.getattr(), tid, attr, ATTR_SIZE, 0)) {
            return null;
        }
        // struct sched_attr: u32 size, u32 policy, u64 flags, s32 nice, u32 priority, u64 runtime, ...
        return new Attr(attr.getInt(4), attr.getInt(16), attr.getLong(24));
    }

    /** sched_setattr; false when the thread no longer exists. */
    private static boolean write(Calls calls, int tid, int policy, int nice, long runtimeNanos) {
        Memory attr = new Memory(ATTR_SIZE);
        attr.clear();
        attr.setInt(0, ATTR_SIZE);
        attr.setInt(4, policy);
        attr.setInt(16, nice); // sched_setattr sets the nice value too: keep the thread's own
        attr.setLong(24, runtimeNanos);
        return call("sched_setattr", tid, calls.setattr(), tid, attr, 0);
    }

    private static final int ESRCH = 3;

    /** One system call; true on success, false for ESRCH (no such thread), else {@link SyscallFailed}. */
    private static boolean call(String name, int tid, Object... args) {
        Function syscall = NativeLibrary.getInstance("c").getFunction("syscall");
        if (syscall.invokeLong(args) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == ESRCH) {
            return false;
        }
        throw new SyscallFailed(name + " of thread " + tid + " failed: errno " + errno
                + (errno == 1 ? " (not permitted)" : errno == 38 ? " (no such system call)" : ""));
    }

    /** A scheduler system call refused for a reason other than a thread that ended. */
    static final class SyscallFailed extends RuntimeException {
        SyscallFailed(String message) {
            super(message);
        }
    }

    private static String micros(Duration d) {
        long us = d.toNanos() / 1000;
        return us % 1000 == 0 ? us / 1000 + " ms" : us + " µs";
    }
}
