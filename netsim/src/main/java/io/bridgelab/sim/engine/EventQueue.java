package io.bridgelab.sim.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The simulated clock and what is due when. Events at the same time run in the order they were
 * scheduled, so a run is deterministic.
 *
 * <p>Besides single events the queue takes {@linkplain Feed feeds}: long, already time-ordered streams
 * (a replayed capture) that are read only as the clock reaches them, so a million frames need not sit in
 * memory. A feed's items order exactly as if they had all been scheduled one by one when the feed was
 * attached: after the events scheduled before it, before every event scheduled later at the same time.
 */
public final class EventQueue {
    /** A time-ordered stream of events, pulled as the clock advances. */
    public interface Feed {
        /** The simulated time of the next item, {@link Long#MAX_VALUE} when there is none left. */
        long nextTime();

        /** Runs the next item (the clock already shows its time) and moves to the one after. */
        void runNext();
    }

    private record Scheduled(long time, long sequence, Runnable action, boolean timer) {
    }

    private record Attached(Feed feed, long sequence) {
    }

    /**
     * How many distinct delays get a lane of their own; later ones share the heap. The engine uses a handful
     * (veth, wire, a program's reaction, neighbour timers).
     */
    private static final int MAX_LANES = 8;

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
    /**
     * Events scheduled a fixed delay after "now", one FIFO per delay: the clock never goes back, so each lane is
     * already in (time, sequence) order and only the lanes' heads need comparing; most events (every veth and
     * wire crossing) take no heap insertion and removal.
     */
    private final long[] laneDelays = new long[MAX_LANES];
    private final ArrayDeque<Scheduled>[] lanes = newLanes();
    private int laneCount;
    private final List<Attached> feeds = new ArrayList<>();
    private long now;
    private long sequence;
    /** Events that are not timers: while there are some, the run goes on. */
    private int work;
    /**
     * What the last {@link #peek} and {@link #nextFeed} found: the lane of the event (-1 for the heap) and the
     * feed's next time. The run loop asks for both once per event and uses them until it runs one; nothing is
     * scheduled in between, so they stay true, and asking each feed and lane again was a fair share of a replay.
     */
    private int peekedLane;
    private long feedTime;

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
        schedule(delayNanos, new Scheduled(now + delayNanos, sequence++, action, true));
    }

    public void after(long delayNanos, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("cannot schedule in the past: " + (now + delayNanos) + " < " + now);
        }
        schedule(delayNanos, new Scheduled(now + delayNanos, sequence++, action, false));
        work++;
    }

    /** Into the lane of its delay (made on first use while there is room), else into the heap. */
    private void schedule(long delayNanos, Scheduled s) {
        for (int i = 0; i < laneCount; i++) {
            if (laneDelays[i] == delayNanos) {
                Scheduled last = lanes[i].peekLast();
                if (last == null || last.time <= s.time) {
                    lanes[i].addLast(s);
                    return;
                }
                // Only if the clock went back (it does not): the heap keeps the order whatever happens.
                break;
            }
        }
        if (laneCount < MAX_LANES) {
            laneDelays[laneCount] = delayNanos;
            lanes[laneCount++].addLast(s);
            return;
        }
        queue.add(s);
    }

    /** The event due first of the heap's and the lanes' heads, null when none is left. */
    private Scheduled peek() {
        Scheduled best = queue.peek();
        int lane = -1;
        for (int i = 0; i < laneCount; i++) {
            Scheduled head = lanes[i].peekFirst();
            if (head != null && (best == null || head.time < best.time
                    || head.time == best.time && head.sequence < best.sequence)) {
                best = head;
                lane = i;
            }
        }
        peekedLane = lane;
        return best;
    }

    /** Removes the event {@link #peek} returned last (nothing was scheduled since). */
    private void removePeeked() {
        if (peekedLane >= 0) {
            lanes[peekedLane].pollFirst();
        } else {
            queue.poll();
        }
    }

    @SuppressWarnings("unchecked")
    private static ArrayDeque<Scheduled>[] newLanes() {
        ArrayDeque<Scheduled>[] lanes = new ArrayDeque[MAX_LANES];
        for (int i = 0; i < MAX_LANES; i++) {
            lanes[i] = new ArrayDeque<>();
        }
        return lanes;
    }

    /** Attaches a feed whose first item is not in the past. */
    public void feed(Feed feed) {
        long first = feed.nextTime();
        if (first < now) {
            throw new IllegalArgumentException("cannot feed from the past: " + first + " < " + now);
        }
        feeds.add(new Attached(feed, sequence++));
    }

    /**
     * Runs events until none but timers is left (fed items count as work); returns how many ran.
     * {@code maxEvents} bounds the events run in a row without a fed item between them (a forwarding loop),
     * not a long replay: when it is reached the run stops.
     */
    public int run(int maxEvents) {
        return runWhile(Long.MAX_VALUE, maxEvents, true);
    }

    /** Runs events due at or before {@code time}, timers too, with the same bound; returns how many ran. */
    public int runUntil(long time, int maxEvents) {
        return runWhile(time, maxEvents, false);
    }

    private int runWhile(long until, int maxEvents, boolean workOnly) {
        int ran = 0;
        int sinceFed = 0;
        while (sinceFed < maxEvents) {
            Attached f = nextFeed();
            if (f == null && workOnly && work == 0) {
                break;
            }
            long fedAt = feedTime;
            Scheduled s = peek();
            if (f != null && (s == null || fedAt < s.time || fedAt == s.time && f.sequence < s.sequence)) {
                if (fedAt > until) {
                    break;
                }
                now = fedAt;
                f.feed.runNext();
                sinceFed = 0;
            } else if (s != null && s.time <= until) {
                removePeeked();
                now = s.time;
                if (!s.timer) {
                    work--;
                }
                s.action.run();
                sinceFed++;
            } else {
                break;
            }
            ran++;
        }
        return ran;
    }

    /** The attached feed due first (the earliest attached on a tie), null when all are exhausted. */
    private Attached nextFeed() {
        Attached best = null;
        long bestTime = Long.MAX_VALUE;
        for (int i = 0; i < feeds.size(); i++) {
            Attached a = feeds.get(i);
            long t = a.feed.nextTime();
            if (t == Long.MAX_VALUE) {
                feeds.remove(i--);
            } else if (best == null || t < bestTime) {
                best = a;
                bestTime = t;
            }
        }
        feedTime = bestTime;
        return best;
    }

    /** Whether nothing but timers is left. */
    public boolean isEmpty() {
        return work == 0 && nextFeed() == null;
    }
}
