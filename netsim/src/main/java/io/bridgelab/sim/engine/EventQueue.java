package io.bridgelab.sim.engine;

import java.util.PriorityQueue;

/**
 * The simulated clock and what is due when. Events at the same time run in the order they were
 * scheduled, so a run is deterministic.
 */
public final class EventQueue {
    private record Scheduled(long time, long sequence, Runnable action) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;

    /** Simulated nanoseconds since the start. */
    public long now() {
        return now;
    }

    public void at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + time + " < " + now);
        }
        queue.add(new Scheduled(time, sequence++, action));
    }

    public void after(long delayNanos, Runnable action) {
        at(now + delayNanos, action);
    }

    /** Runs events until none is left or {@code maxEvents} ran; returns how many ran. */
    public int run(int maxEvents) {
        int ran = 0;
        while (!queue.isEmpty() && ran < maxEvents) {
            Scheduled s = queue.poll();
            now = s.time;
            s.action.run();
            ran++;
        }
        return ran;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
