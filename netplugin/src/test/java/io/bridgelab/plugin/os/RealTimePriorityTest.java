package io.bridgelab.plugin.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time request against the real kernel, read back with util-linux's {@code chrt -p} (the kernel's
 * view through the administrator's tool, not our own sched_getscheduler). The request runs in a separate JVM
 * ({@link RealTimePriorityProbe}) so the test JVM itself never runs real-time. Needs root (CAP_SYS_NICE), as
 * CI has; without it the outcome is "not set" and these tests fail rather than pass by asking nothing.
 */
class RealTimePriorityTest {
    @TempDir
    Path dir;

    @Test
    void everyThreadOfTheProcessItsLaterThreadsAndItsChildrenRunRoundRobinAtThePriority() throws Exception {
        Probe p = Probe.start(List.of(), 1);
        try {
            assertThat(p.outcome).startsWith("real-time priority 1 (SCHED_RR) set for ").endsWith(" threads");
            List<Integer> tasks = tasksOf(p.process.pid());
            assertThat(tasks).hasSizeGreaterThan(5).contains(p.laterThread);
            for (int tid : tasks) {
                assertThat(chrt(tid)).as("thread %d (%s)", tid, comm(p.process.pid(), tid))
                        .isEqualTo(List.of("SCHED_RR", "1"));
            }
            assertThat(chrt(p.child)).as("child process").isEqualTo(List.of("SCHED_RR", "1"));
        } finally {
            p.stop();
        }
    }

    @Test
    void threadsAnAdministratorAlreadyMadeRealTimeAreLeftAlone() throws Exception {
        Probe p = Probe.start(List.of("chrt", "-f", "3"), 1);
        try {
            assertThat(p.outcome).matches("real-time priority 1 \\(SCHED_RR\\) set for 0 threads "
                    + "\\(\\d+ already real-time left alone\\)");
            for (int tid : tasksOf(p.process.pid())) {
                assertThat(chrt(tid)).as("thread %d", tid).isEqualTo(List.of("SCHED_FIFO", "3"));
            }
        } finally {
            p.stop();
        }
    }

    @Test
    void withoutThePermissionItSaysWhyAndEveryThreadStaysNormal() throws Exception {
        // Root without CAP_SYS_NICE (dropped from the bounding set) is refused as an unprivileged user is.
        Probe p = Probe.start(List.of("setpriv", "--bounding-set=-sys_nice"), 1);
        try {
            assertThat(p.outcome).matches("real-time priority not set: sched_setscheduler of thread \\d+ failed: "
                    + "errno 1 \\(not permitted: needs root or CAP_SYS_NICE, .*\\); the plugin runs at normal "
                    + "priority");
            for (int tid : tasksOf(p.process.pid())) {
                assertThat(chrt(tid)).as("thread %d", tid).isEqualTo(List.of("SCHED_OTHER", "0"));
            }
            assertThat(chrt(p.child)).as("child process").isEqualTo(List.of("SCHED_OTHER", "0"));
        } finally {
            p.stop();
        }
    }

    @Test
    void aPriorityOutsideTheKernelsRangeIsRefusedBeforeAnythingChanges() {
        RealTimePriority.Policy before = RealTimePriority.current();
        assertThatThrownBy(() -> RealTimePriority.requestForProcess(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a real-time priority of 0 is outside the kernel's 1 to 99");
        assertThatThrownBy(() -> RealTimePriority.requestForProcess(100))
                .hasMessageContaining("100 is outside");
        assertThat(RealTimePriority.current()).isEqualTo(before);
        assertThat(before.policy()).isEqualTo(RealTimePriority.SCHED_OTHER);
    }

    @Test
    void withoutTheKernelsRealTimeThrottlingTheRequestIsRefused() throws IOException {
        Path setting = dir.resolve("sched_rt_runtime_us");
        Files.writeString(setting, "-1\n");
        assertThat(RealTimePriority.throttleProblem(setting)).hasValue("the kernel's real-time throttling is off "
                + "(sched_rt_runtime_us = -1), so a runaway real-time thread could hold a CPU");
        Files.writeString(setting, "950000\n");
        assertThat(RealTimePriority.throttleProblem(setting)).isEmpty();
        Files.writeString(setting, "");
        assertThat(RealTimePriority.throttleProblem(setting)).hasValueSatisfying(
                why -> assertThat(why).startsWith("unexpected ").endsWith(" ''"));
        assertThat(RealTimePriority.throttleProblem(dir.resolve("absent"))).hasValueSatisfying(
                why -> assertThat(why).endsWith("absent does not exist (not Linux, or no real-time scheduling)"));
        // This machine's own setting, which the other tests rely on.
        assertThat(RealTimePriority.throttleProblem(Path.of("/proc/sys/kernel/sched_rt_runtime_us"))).isEmpty();
    }

    /** The probe JVM, its outcome line, the thread it made after the request and its child's pid. */
    private record Probe(Process process, String outcome, int laterThread, int child) {
        static Probe start(List<String> prefix, int priority) throws IOException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), RealTimePriorityProbe.class.getName(),
                    String.valueOf(priority)));
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String outcome = null;
            int thread = -1;
            int child = -1;
            List<String> seen = new ArrayList<>();
            for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) {
                seen.add(line);
                if (line.startsWith("outcome ")) {
                    outcome = line.substring(8);
                } else if (line.startsWith("thread ")) {
                    thread = Integer.parseInt(line.substring(7));
                } else if (line.startsWith("child ")) {
                    child = Integer.parseInt(line.substring(6));
                }
            }
            if (outcome == null || thread < 0 || child < 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the probe did not report: " + seen);
            }
            return new Probe(process, outcome, thread, child);
        }

        void stop() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String comm(long pid, int tid) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/comm")).strip();
    }

    private static List<Integer> tasksOf(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(t -> Integer.parseInt(t.getFileName().toString())).sorted().toList();
        }
    }

    /** {@code chrt -p TID}: the policy name and the priority, as util-linux prints them. */
    private static List<String> chrt(int tid) throws Exception {
        Process p = new ProcessBuilder("chrt", "-p", String.valueOf(tid)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("chrt -p %d: %s", tid, out).isZero();
        // pid 4711's current scheduling policy: SCHED_RR
        // pid 4711's current scheduling priority: 1
        String[] lines = out.strip().split("\n");
        assertThat(lines).as(out).hasSizeGreaterThanOrEqualTo(2);
        String policy = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
        String priority = lines[1].substring(lines[1].lastIndexOf(' ') + 1);
        return List.of(policy.replace("|SCHED_RESET_ON_FORK", ""), priority);
    }
}
