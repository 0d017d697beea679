package io.bridgelab.plugin.os;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts the plugin's threads in the kernel's round-robin real-time class ({@code SCHED_RR}) at a low priority.
 *
 * <p>Why: the plugin is on the critical path of every container start, and the starts come in bursts. While 50
 * containers start on a 2-core host, 30-48 tasks are runnable at once (dockerd, containerd, runc, the
 * containers), and each of the three wake-ups of a call (read the request, run it, write the answer) waited
 * tens of ms, at times over 200 ms, for a CPU, with the call itself using 0-5 ms. Neither {@code nice -10}
 * (p99 36-153 ms) nor a shorter EEVDF slice (no visible change) removed that; any {@code SCHED_RR} thread is
 * picked before every normal task, and with it the same burst's p99 was 2-3 ms (module README, "50 parallel
 * docker run").
 *
 * <p>Why it is safe enough to be the default: the plugin's threads sleep between calls and a call uses a few
 * ms of CPU; priority 1, the lowest, leaves every other real-time task (the kernel's threaded interrupts run
 * at 50) ahead of it; and the kernel's real-time throttling ({@code sched_rt_runtime_us}, 950 ms of every 1 s
 * by default) keeps a share of each CPU for normal tasks even if a plugin bug ever spun. Where that throttling
 * is switched off ({@code -1}) the request is refused, so a runaway thread could never hold a CPU.
 *
 * <p>The policy is set on every thread of this process ({@code /proc/self/task}); threads made later inherit
 * it from their creator, and so do child processes ({@code ip -batch}, {@code iptables-restore}), which are
 * on the same critical path and exit when their batch is done. Threads that already have a real-time policy
 * (set by an administrator with {@code chrt}) are left as they are.
 */
public final class RealTimePriority {
    /** The range the kernel accepts for SCHED_RR. */
    public static final int MIN = 1;
    public static final int MAX = 99;

    static final int SCHED_OTHER = 0;
    static final int SCHED_FIFO = 1;
    static final int SCHED_RR = 2;

    /** Passes over /proc/self/task at most; a JVM makes threads at start-up, not in a loop. */
    private static final int MAX_PASSES = 5;

    private static final Path THROTTLE = Path.of("/proc/sys/kernel/sched_rt_runtime_us");

    /** What a request did. */
    public sealed interface Outcome {
        String describe();
    }

    /** Every normal thread now runs SCHED_RR at {@code priority}; {@code skipped} were real-time already. */
    public record Applied(int priority, int threads, int skipped) implements Outcome {
        @Override
        public String describe() {
            return "real-time priority " + priority + " (SCHED_RR) set for " + threads + " threads"
                    + (skipped > 0 ? " (" + skipped + " already real-time left alone)" : "");
        }
    }

    /** Nothing was changed, and why (no permission, no such call, the throttling off). */
    public record NotSet(String why) implements Outcome {
        @Override
        public String describe() {
            return "real-time priority not set: " + why + "; the plugin runs at normal priority";
        }
    }

    /** One thread's scheduling class and real-time priority, as the kernel reports them. */
    record Policy(int policy, int priority) {
    }

    private RealTimePriority() {
    }

    /** Whether the kernel accepts {@code priority} for SCHED_RR. */
    public static boolean inRange(int priority) {
        return priority >= MIN && priority <= MAX;
    }

    /** Checks a requested priority; throws with what is allowed. */
    public static int validate(int priority) {
        if (!inRange(priority)) {
            throw new IllegalArgumentException("a real-time priority of " + priority + " is outside the kernel's "
                    + MIN + " to " + MAX);
        }
        return priority;
    }

    /** Sets SCHED_RR at {@code priority} for every thread of this process, if the kernel's throttling is on. */
    public static Outcome requestForProcess(int priority) {
        validate(priority);
        Optional<String> unsafe = throttleProblem(THROTTLE);
        if (unsafe.isPresent()) {
            return new NotSet(unsafe.get());
        }
        // Threads made while the list is worked through (JNA's cleaner at its first use, a reaper) by a thread
        // not yet changed would keep the normal class: list again until a pass finds no thread it has not seen.
        Set<Integer> done = new HashSet<>();
        int applied = 0;
        int skipped = 0;
        try {
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                int fresh = 0;
                for (int tid : threadIds()) {
                    if (done.contains(tid)) {
                        continue;
                    }
                    Policy before = read(tid);
                    if (before == null) {
                        continue; // the thread ended since the listing
                    }
                    done.add(tid);
                    fresh++;
                    if (before.policy() == SCHED_FIFO || before.policy() == SCHED_RR) {
                        skipped++;
                    } else if (set(tid, SCHED_RR, priority)) {
                        applied++;
                    }
                }
                if (fresh == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            return new NotSet("cannot list /proc/self/task: " + e.getMessage());
        } catch (SyscallFailed e) {
            return new NotSet(e.getMessage());
        }
        return new Applied(priority, applied, skipped);
    }

    /**
     * Why real-time threads would be unsafe here, judged from the throttling setting's file: empty when the
     * kernel keeps a share of each CPU for normal tasks.
     */
    static Optional<String> throttleProblem(Path setting) {
        String value;
        try {
            value = Files.readString(setting, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.of(setting + " does not exist (not Linux, or no real-time scheduling)");
        } catch (IOException e) {
            return Optional.of("cannot read " + setting + ": " + e.getMessage());
        }
        if (value.equals("-1")) {
            return Optional.of("the kernel's real-time throttling is off (" + setting.getFileName() + " = -1), so a "
                    + "runaway real-time thread could hold a CPU");
        }
        if (!value.matches("[0-9]{1,10}")) {
            return Optional.of("unexpected " + setting + " '" + value + "'");
        }
        return Optional.empty();
    }

    /** The calling thread's policy (0: the calling thread, as the kernel reads a tid of 0). */
    static Policy current() {
        return read(0);
    }

    /** Sets one thread's policy and priority (priority 0 with SCHED_OTHER: back to normal, nice kept). */
    static boolean set(int tid, int policy, int priority) {
        Memory param = new Memory(4); // struct sched_param { int sched_priority; }
        param.setInt(0, priority);
        return call("sched_setscheduler", tid, tid, policy, param);
    }

    private static List<Integer> threadIds() throws IOException {
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(p -> tids.add(Integer.parseInt(p.getFileName().toString())));
        }
        return tids;
    }

    /** sched_getscheduler and sched_getparam; null when the thread no longer exists. */
    private static Policy read(int tid) {
        Function get = NativeLibrary.getInstance("c").getFunction("sched_getscheduler");
        int policy = get.invokeInt(new Object[] {tid});
        if (policy < 0) {
            failedUnlessGone("sched_getscheduler", tid); // throws unless the thread ended
            return null;
        }
        Memory param = new Memory(4);
        if (!call("sched_getparam", tid, tid, param)) {
            return null;
        }
        // The kernel may report SCHED_RESET_ON_FORK (0x40000000) with the policy; it is not a class of its own.
        return new Policy(policy & ~0x40000000, param.getInt(0));
    }

    private static final int ESRCH = 3;

    /** One libc call returning 0 or -1; true on success, false for ESRCH (no such thread). */
    private static boolean call(String name, int tid, Object... args) {
        Function f = NativeLibrary.getInstance("c").getFunction(name);
        if (f.invokeInt(args) == 0) {
            return true;
        }
        return failedUnlessGone(name, tid);
    }

    /** After a failed call: false when the thread ended (ESRCH), else {@link SyscallFailed} with the errno. */
    private static boolean failedUnlessGone(String name, int tid) {
        int errno = Native.getLastError();
        if (errno == ESRCH) {
            return false;
        }
        throw new SyscallFailed(name + " of thread " + tid + " failed: errno " + errno
                + (errno == 1 ? " (not permitted: needs root or CAP_SYS_NICE, and on a kernel with "
                        + "CONFIG_RT_GROUP_SCHED a cgroup given real-time runtime)" : errno == 38
                        ? " (no such system call)" : ""));
    }

    /** A scheduler call refused for a reason other than a thread that ended. */
    static final class SyscallFailed extends RuntimeException {
        SyscallFailed(String message) {
            super(message);
        }
    }
}
