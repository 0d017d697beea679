package io.bridgelab.plugin.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A process for {@link RealTimePriorityTest} to look at from outside: it requests the real-time priority for
 * itself, then starts a thread and a child process, prints what it did and their ids, and waits until its
 * standard input closes. A separate JVM, so that the test's own JVM never runs real-time.
 */
public final class RealTimePriorityProbe {
    private RealTimePriorityProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("outcome " + RealTimePriority.requestForProcess(Integer.parseInt(args[0])).describe());
        CountDownLatch printed = new CountDownLatch(1);
        CountDownLatch exiting = new CountDownLatch(1);
        Thread later = new Thread(() -> {
            try {
                System.out.println("thread " + Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName());
                printed.countDown();
                exiting.await(); // alive while the test looks at it
            } catch (Exception e) {
                // interrupted at exit
            }
        }, "made-after-the-request");
        later.setDaemon(true);
        later.start();
        Process child = new ProcessBuilder("sleep", "600").start();
        System.out.println("child " + child.pid());
        printed.await();
        System.out.println("ready");
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for the test to close our standard input
            }
        } finally {
            exiting.countDown();
            child.destroyForcibly();
        }
    }
}
