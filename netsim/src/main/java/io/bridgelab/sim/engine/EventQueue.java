package io.bridgelab.sim.engine;

import java.util.PriorityQueue;

/**
 * The simulated clock and what is due when. Events at the same time run in the order they were
 * scheduled, so a run is deterministic.
 */
public final class EventQueue {
    private record Scheduled(long time, long sequence, Runnable action, boolean timer) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;
    /** Events that are not timers: while there are some, the run goes on. */
    private int work;

    /** Simulated nanoseconds since the start. */
    public long now() {
        return now;
    }

    public void at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule in the past: " + time + " < " + now);
        }
        queue.add(new Scheduled(time, sequence++, action, false));
        work++;
    }

    /**
     * A kernel timer (a neighbour entry's probe): it runs in time order with everything else, but does not by
     * itself keep {@link #run} going; {@link #runUntil} runs it when it is due.
     */
    public void timer(long delayNanos, Runnable action) {
        queue.add(new Scheduled(now + delayNanos, sequence++, action, true));
    }

    public void after(long delayNanos, Runnable action) {
        at(now + delayNanos, action);
    }

    /** Runs events until none but timers is left or {@code maxEvents} ran; returns how many ran. */
    public int run(int maxEvents) {
        int ran = 0;
        while (work > 0 && ran < maxEvents) {
            poll().action.run();
            ran++;
        }
        return ran;
    }

    private Scheduled poll() {
        Scheduled s = queue.poll();
        now = s.time;
        if (!s.timer) {
            work--;
        }
        return s;
    }

    /** Runs events due at or before {@code time} until none is left or {@code maxEvents} ran; returns how many. */
    public int runUntil(long time, int maxEvents) {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().time <= time && ran < maxEvents) {
            poll().action.run();
            ran++;
        }
        return ran;
    }

    /** Whether nothing but timers is left. */
    public boolean isEmpty() {
        return work == 0;
    }
}
