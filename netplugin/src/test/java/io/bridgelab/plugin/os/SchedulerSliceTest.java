package io.bridgelab.plugin.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The slice request against the real kernel (this machine kind runs Linux 6.18; the CI machine is the same
 * kind, so a kernel that ignores the request fails here rather than passing by asking nothing). Each
 * check reads the kernel's own view, {@code se.slice} in {@code /proc/self/task/TID/sched}, besides
 * sched_getattr, and returns the threads it changed to the kernel's default.
 */
class SchedulerSliceTest {
    private static final Duration SLICE = Duration.ofNanos(200_000);

    @Test
    void aThreadsRequestIsWhatTheKernelSchedulesItWithAndItsNewThreadsInheritIt() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread parent = new Thread(() -> {
            try {
                SchedulerSlice.setCurrent(SLICE.toNanos());
                long own = kernelSlice(currentTid());
                AtomicReference<Long> child = new AtomicReference<>();
                Thread t = new Thread(() -> child.set(sliceOfCurrentThread()));
                t.start();
                t.join();
                seen.set(new long[] {SchedulerSlice.current().runtimeNanos(), own, child.get()});
            } catch (Throwable e) {
                seen.set(e);
            } finally {
                SchedulerSlice.setCurrent(0);
            }
        });
        parent.start();
        parent.join();
        assertThat(seen.get()).isInstanceOf(long[].class);
        assertThat((long[]) seen.get()).containsExactly(200_000L, 200_000L, 200_000L);
    }

    @Test
    void aProcessRequestReachesEveryThreadAndKeepsEachOnesNiceValue() throws Exception {
        int before = SchedulerSlice.current().nice();
        try {
            SchedulerSlice.Outcome outcome = SchedulerSlice.requestForProcess(SLICE);
            assertThat(outcome).isInstanceOf(SchedulerSlice.Applied.class);
            SchedulerSlice.Applied applied = (SchedulerSlice.Applied) outcome;
            assertThat(applied.threads()).isGreaterThan(1);
            assertThat(applied.describe()).isEqualTo("scheduler slice 200 µs requested for " + applied.threads()
                    + " threads");
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    int tid = Integer.parseInt(task.getFileName().toString());
                    assertThat(kernelSlice(tid)).as("se.slice of thread %d", tid).isEqualTo(200_000L);
                }
            }
            assertThat(SchedulerSlice.current().nice()).isEqualTo(before);
        } finally {
            resetProcess();
        }
    }

    @Test
    void aSliceOutsideTheKernelsRangeIsRefusedBeforeAnythingChanges() {
        long before = SchedulerSlice.current().runtimeNanos();
        assertThatThrownBy(() -> SchedulerSlice.requestForProcess(Duration.ofNanos(99_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a scheduler slice of 99 µs is outside the kernel's 100 µs to 100 ms");
        assertThatThrownBy(() -> SchedulerSlice.requestForProcess(Duration.ofMillis(101)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("101 ms is outside");
        assertThat(SchedulerSlice.current().runtimeNanos()).isEqualTo(before);
    }

    /** Every thread of the test JVM back to the kernel's default slice. */
    private static void resetProcess() throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                SchedulerSlice.setThread(Integer.parseInt(task.getFileName().toString()), 0);
            }
        }
    }

    private static long sliceOfCurrentThread() {
        try {
            return kernelSlice(currentTid());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scheduler's own figure for the thread: the se.slice line of /proc/self/task/TID/sched. */
    private static long kernelSlice(int tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/sched"))) {
            if (line.startsWith("se.slice")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new IllegalStateException("no se.slice line for thread " + tid);
    }

    private static int currentTid() throws IOException {
        // /proc/thread-self links to PID/task/TID of the calling thread.
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }
}
