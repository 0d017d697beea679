package io.bridgelab.plugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallPoolTest {

    @Test
    void theWarmThreadsExistBeforeTheFirstCall() {
        CallPool pool = new CallPool(3, 10);
        try {
            assertThat(pool.getPoolSize()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The old pool made a new thread for each of its first 64 calls; idle threads must be used first. */
    @Test
    void callsOneAfterAnotherReuseTheWarmThreads() throws Exception {
        CallPool pool = new CallPool(2, 10);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < 50; i++) {
                awaitIdle(pool, 2);
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(pool.getLargestPoolSize()).isEqualTo(2);
            assertThat(threads).hasSizeLessThanOrEqualTo(2).allMatch(n -> n.startsWith("netplugin-call-"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A blocked call must not hold up the next one while the pool may still grow. */
    @Test
    void whenEveryThreadIsBusyANewOneRunsTheCall() throws Exception {
        CallPool pool = new CallPool(1, 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(3);
        try {
            for (int i = 0; i < 3; i++) {
                pool.execute(() -> {
                    running.countDown();
                    await(release);
                });
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).as("three blocked calls run at once").isTrue();
            assertThat(pool.getPoolSize()).isEqualTo(3);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void beyondTheMaximumCallsQueueAndRunAsThreadsFree() throws Exception {
        CallPool pool = new CallPool(1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(2);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch queuedDone = new CountDownLatch(3);
        try {
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    blocked.countDown();
                    await(release);
                });
            }
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.execute(() -> {
                    order.add(n);
                    queuedDone.countDown();
                });
            }
            assertThat(pool.getPoolSize()).isEqualTo(2);
            assertThat(pool.getQueue()).hasSize(3);
            assertThat(order).as("nothing ran while both threads were held").isEmpty();
            release.countDown();
            assertThat(queuedDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.getLargestPoolSize()).isEqualTo(2);
            assertThat(order).containsExactlyInAnyOrder(0, 1, 2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownPoolRefusesCalls() {
        CallPool pool = new CallPool(1, 2);
        pool.shutdown();
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void warmMustBeBetweenOneAndTheMaximum() {
        assertThatThrownBy(() -> new CallPool(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallPool(3, 2)).isInstanceOf(IllegalArgumentException.class);
        CallPool small = CallPool.upTo(2);
        try {
            assertThat(small.getPoolSize()).isEqualTo(2);
            assertThat(small.getMaximumPoolSize()).isEqualTo(2);
        } finally {
            small.shutdownNow();
        }
    }

    /** Waits until {@code n} threads wait for a call (a thread that just finished one is not back yet). */
    private static void awaitIdle(CallPool pool, int n) throws InterruptedException {
        LinkedTransferQueue<Runnable> queue = (LinkedTransferQueue<Runnable>) pool.getQueue();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.getWaitingConsumerCount() < n && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertThat(queue.getWaitingConsumerCount()).isEqualTo(n);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
