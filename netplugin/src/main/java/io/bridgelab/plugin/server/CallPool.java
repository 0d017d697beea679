package io.bridgelab.plugin.server;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run driver calls, shared by all connections. A call goes to an idle thread if there
 * is one; only when every thread is busy is a new one made, up to {@code max}; beyond that, calls queue.
 * {@code warm} threads are made at start and kept; the others end after a minute idle.
 *
 * <p>Why not a plain {@link ThreadPoolExecutor}: below its core size it makes a new thread for every
 * task even when threads sit idle, and with a queue it never grows past the core size. The plugin's
 * pool (core = max = 64, core threads timing out) therefore made a new thread for each of the first 64
 * calls of a burst, every time the plugin had been quiet for a minute, i.e. at every burst of container
 * starts. Measured with {@code perf sched} while 50 containers started: all 64 threads were made during
 * the burst, and a new thread waited up to 42 ms for its first run (a new task waits longest for a CPU,
 * runc's up to 0.5 s), which was most of the calls' logged "thread wait".
 *
 * <p>How: the queue's {@code offer} succeeds only by handing the call to a thread already waiting in
 * {@code take}/{@code poll} ({@link LinkedTransferQueue#tryTransfer}), so the executor otherwise adds a
 * thread; at {@code max} threads its rejection puts the call in the queue, where the next free thread
 * takes it. The warm threads never end, so a queued call always has a thread to run it.
 */
final class CallPool extends ThreadPoolExecutor {

    /** Threads made at start and kept while the plugin runs. */
    static final int WARM = 8;

    CallPool(int warm, int max) {
        super(warm, max, 60, TimeUnit.SECONDS, new HandOffQueue(), threadFactory(), CallPool::enqueue);
        if (warm < 1 || warm > max) {
            throw new IllegalArgumentException("warm threads must be 1.." + max + ": " + warm);
        }
        prestartAllCoreThreads();
        awaitWarmThreads(warm);
    }

    /**
     * Waits (a second at most) until the warm threads wait for calls: a call offered before a warm thread reached
     * its {@code take} finds no thread to hand over to, and the pool makes one more thread than the burst needs.
     */
    private void awaitWarmThreads(int warm) {
        HandOffQueue queue = (HandOffQueue) getQueue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (queue.getWaitingConsumerCount() < warm && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** {@code max} threads at most, {@code min(WARM, max)} of them kept. */
    static CallPool upTo(int max) {
        return new CallPool(Math.min(WARM, max), max);
    }

    private static java.util.concurrent.ThreadFactory threadFactory() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "netplugin-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Every thread is busy and no more may be made: the call waits in the queue for the next free one. */
    private static void enqueue(Runnable call, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the plugin is shutting down");
        }
        ((HandOffQueue) pool.getQueue()).enqueue(call);
    }

    /** A queue whose {@code offer} only hands over to a waiting thread, so the pool grows instead. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable call) {
            return tryTransfer(call);
        }

        void enqueue(Runnable call) {
            super.offer(call);
        }
    }
}
