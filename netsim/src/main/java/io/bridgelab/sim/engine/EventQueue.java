package io.bridgelab.sim.engine;

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

    /**
     * An action whose arguments are handed over apart ({@link #after(long, Call, Object, Object, Object, int)}): a
     * lane keeps them in its arrays, so scheduling one makes no object. The engine's link crossings, two or three
     * per replayed packet, each made a lambda capturing the far end and the frame.
     */
    @FunctionalInterface
    public interface Call<A, B, C> {
        void run(A a, B b, C c, int d);
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
    private final Lane[] lanes = newLanes();
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
    // The event peek found: its time and sequence (the heap's event is also peekedHeap).
    private long peekedTime;
    private long peekedSequence;
    private Scheduled peekedHeap;

    // The arguments of the Call removePeeked() took from a lane last (its action was null); run right after.
    private Call<Object, Object, Object> polledCall;
    private Object polledA;
    private Object polledB;
    private Object polledC;
    private int polledD;

    /**
     * One lane: a ring of (time, sequence, action, timer) in parallel arrays, so an event in a lane is no object
     * of its own (a replay schedules two or three per packet, each crossing of a link). An event is either a
     * Runnable action or a {@link Call} with its arguments in the lane's argument arrays (action null).
     */
    private static final class Lane {
        private long[] times = new long[64];
        private long[] sequences = new long[64];
        private Runnable[] actions = new Runnable[64];
        private boolean[] timers = new boolean[64];
        private Call<?, ?, ?>[] calls = new Call<?, ?, ?>[64];
        private Object[] as = new Object[64];
        private Object[] bs = new Object[64];
        private Object[] cs = new Object[64];
        private int[] ds = new int[64];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        long firstTime() {
            return times[head];
        }

        long firstSequence() {
            return sequences[head];
        }

        boolean firstIsTimer() {
            return timers[head];
        }

        long lastTime() {
            return times[(head + size - 1) & (times.length - 1)];
        }

        void addLast(long time, long sequence, Runnable action, boolean timer) {
            if (size == times.length) {
                grow();
            }
            int i = (head + size) & (times.length - 1);
            times[i] = time;
            sequences[i] = sequence;
            actions[i] = action;
            timers[i] = timer;
            size++;
        }

        void addLast(long time, long sequence, Call<?, ?, ?> call, Object a, Object b, Object c, int d) {
            addLast(time, sequence, null, false);
            int i = (head + size - 1) & (times.length - 1);
            calls[i] = call;
            as[i] = a;
            bs[i] = b;
            cs[i] = c;
            ds[i] = d;
        }

        /**
         * Removes the first event; returns its action, or null for a {@link Call}, whose call and arguments are
         * then in {@code into}'s polled fields.
         */
        @SuppressWarnings("unchecked")
        Runnable pollFirst(EventQueue into) {
            Runnable action = actions[head];
            if (action == null) {
                into.polledCall = (Call<Object, Object, Object>) calls[head];
                into.polledA = as[head];
                into.polledB = bs[head];
                into.polledC = cs[head];
                into.polledD = ds[head];
                calls[head] = null;
                as[head] = null;
                bs[head] = null;
                cs[head] = null;
            }
            actions[head] = null;
            head = (head + 1) & (times.length - 1);
            size--;
            return action;
        }

        private void grow() {
            int n = times.length;
            long[] t = new long[n * 2];
            long[] q = new long[n * 2];
            Runnable[] a = new Runnable[n * 2];
            boolean[] m = new boolean[n * 2];
            Call<?, ?, ?>[] f = new Call<?, ?, ?>[n * 2];
            Object[] fa = new Object[n * 2];
            Object[] fb = new Object[n * 2];
            Object[] fc = new Object[n * 2];
            int[] fd = new int[n * 2];
            for (int k = 0; k < size; k++) {
                int i = (head + k) & (n - 1);
                t[k] = times[i];
                q[k] = sequences[i];
                a[k] = actions[i];
                m[k] = timers[i];
                f[k] = calls[i];
                fa[k] = as[i];
                fb[k] = bs[i];
                fc[k] = cs[i];
                fd[k] = ds[i];
            }
            times = t;
            sequences = q;
            actions = a;
            timers = m;
            calls = f;
            as = fa;
            bs = fb;
            cs = fc;
            ds = fd;
            head = 0;
        }
    }

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
        schedule(delayNanos, action, true);
    }

    public void after(long delayNanos, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("cannot schedule in the past: " + (now + delayNanos) + " < " + now);
        }
        schedule(delayNanos, action, false);
        work++;
    }

    /**
     * {@code call.run(a, b, c, d)} after {@code delayNanos}, as {@code after(delayNanos, () -> call.run(a, b, c, d))}
     * would run it (the same time and order), without an action object when it goes into a lane.
     */
    public <A, B, C> void after(long delayNanos, Call<A, B, C> call, A a, B b, C c, int d) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("cannot schedule in the past: " + (now + delayNanos) + " < " + now);
        }
        work++;
        long time = now + delayNanos;
        int lane = laneFor(delayNanos, time);
        if (lane >= 0) {
            lanes[lane].addLast(time, sequence++, call, a, b, c, d);
        } else {
            queue.add(new Scheduled(time, sequence++, () -> call.run(a, b, c, d), false));
        }
    }

    /**
     * The lane an event {@code delayNanos} from now goes into (made on first use while there is room), or -1 for the
     * heap.
     */
    private int laneFor(long delayNanos, long time) {
        for (int i = 0; i < laneCount; i++) {
            if (laneDelays[i] == delayNanos) {
                Lane lane = lanes[i];
                if (lane.isEmpty() || lane.lastTime() <= time) {
                    return i;
                }
                // Only if the clock went back (it does not): a lane of its own or the heap keeps the order.
                break;
            }
        }
        if (laneCount < MAX_LANES) {
            laneDelays[laneCount] = delayNanos;
            return laneCount++;
        }
        return -1;
    }

    /** Into the lane of its delay (made on first use while there is room), else into the heap. */
    private void schedule(long delayNanos, Runnable action, boolean timer) {
        long time = now + delayNanos;
        long seq = sequence++;
        int lane = laneFor(delayNanos, time);
        if (lane >= 0) {
            lanes[lane].addLast(time, seq, action, timer);
        } else {
            queue.add(new Scheduled(time, seq, action, timer));
        }
    }

    /**
     * Finds the event due first of the heap's and the lanes' heads: false when none is left, else its time and
     * sequence are {@link #peekedTime} and {@link #peekedSequence}, and where it is {@link #peekedLane}.
     */
    private boolean peek() {
        Scheduled top = queue.peek();
        peekedHeap = top;
        boolean found = top != null;
        long bestTime = found ? top.time : 0;
        long bestSequence = found ? top.sequence : 0;
        int best = -1;
        for (int i = 0; i < laneCount; i++) {
            Lane lane = lanes[i];
            if (lane.isEmpty()) {
                continue;
            }
            long t = lane.firstTime();
            long q = lane.firstSequence();
            if (!found || t < bestTime || t == bestTime && q < bestSequence) {
                found = true;
                bestTime = t;
                bestSequence = q;
                best = i;
            }
        }
        peekedLane = best;
        peekedTime = bestTime;
        peekedSequence = bestSequence;
        return found;
    }

    /** Whether the event {@link #peek} found last is a timer. */
    private boolean peekedIsTimer() {
        return peekedLane >= 0 ? lanes[peekedLane].firstIsTimer() : peekedHeap.timer;
    }

    /**
     * Removes the event {@link #peek} found last (nothing was scheduled since); returns its action, or null for a
     * {@link Call}, which is then in the polled fields.
     */
    private Runnable removePeeked() {
        if (peekedLane >= 0) {
            return lanes[peekedLane].pollFirst(this);
        }
        return queue.poll().action;
    }

    private static Lane[] newLanes() {
        Lane[] lanes = new Lane[MAX_LANES];
        for (int i = 0; i < MAX_LANES; i++) {
            lanes[i] = new Lane();
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
            boolean due = peek();
            if (f != null && (!due || fedAt < peekedTime || fedAt == peekedTime && f.sequence < peekedSequence)) {
                if (fedAt > until) {
                    break;
                }
                now = fedAt;
                f.feed.runNext();
                sinceFed = 0;
            } else if (due && peekedTime <= until) {
                boolean timer = peekedIsTimer();
                long time = peekedTime;
                Runnable action = removePeeked();
                now = time;
                if (!timer) {
                    work--;
                }
                if (action != null) {
                    action.run();
                } else {
                    runPolledCall();
                }
                sinceFed++;
            } else {
                break;
            }
            ran++;
        }
        return ran;
    }

    /** Runs the {@link Call} removePeeked() took last, its fields cleared first (the call may schedule more). */
    private void runPolledCall() {
        Call<Object, Object, Object> call = polledCall;
        Object a = polledA;
        Object b = polledB;
        Object c = polledC;
        polledCall = null;
        polledA = null;
        polledB = null;
        polledC = null;
        call.run(a, b, c, polledD);
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
