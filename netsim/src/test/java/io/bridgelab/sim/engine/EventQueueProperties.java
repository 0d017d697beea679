package io.bridgelab.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The queue runs events in (time, order scheduled) order however they were scheduled: fixed delays (which
 * take lanes), more distinct delays than there are lanes, absolute times, timers, calls with their arguments
 * apart, and events that schedule
 * more events while they run. Checked against a plain priority queue of the same events.
 */
class EventQueueProperties {
    /** Delays from a small set, so lanes fill up and are reused, and some beyond the lane count. */
    private static final long[] DELAYS = {0, 1_000, 100_000, 20_000, 5, 7, 11, 13, 17, 19, 23, 1_000, 0};

    @Property(tries = 500)
    void runsInTimeThenSchedulingOrder(@ForAll @Size(min = 1, max = 60) List<@IntRange(max = 1_000_000) Integer> genes) {
        EventQueue queue = new EventQueue();
        List<Integer> ran = new ArrayList<>();
        // The reference: every event with its expected (time, sequence), filled in as the run schedules them.
        List<long[]> expected = new ArrayList<>();
        long[] sequence = {0};
        for (int i = 0; i < genes.size(); i++) {
            schedule(queue, genes, i, 0, ran, expected, sequence);
        }
        queue.run(1_000_000);
        queue.runUntil(Long.MAX_VALUE / 2, 1_000_000);
        PriorityQueue<long[]> reference = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        reference.addAll(expected);
        List<Integer> order = new ArrayList<>();
        while (!reference.isEmpty()) {
            order.add((int) reference.poll()[2]);
        }
        assertThat(ran).isEqualTo(order);
    }

    @Example
    void aLaneHoldsManyEventsInOrderAcrossItsRingsWrapAndGrowth() {
        EventQueue queue = new EventQueue();
        List<Integer> ran = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        // 50 in flight, run, then 1,000 more in one lane while the ring's start is past its middle.
        for (int i = 0; i < 50; i++) {
            int id = i;
            queue.after(5, () -> ran.add(id));
            expected.add(id);
        }
        queue.run(1_000_000);
        for (int i = 50; i < 1_050; i++) {
            int id = i;
            if (i % 3 == 0) {
                queue.after(5, (List<Integer> into, Integer x, Object unused, int y) -> into.add(x + y), ran, id, null,
                        0);
            } else {
                queue.after(5, () -> ran.add(id));
            }
            expected.add(id);
        }
        queue.run(1_000_000);
        assertThat(ran).isEqualTo(expected);
        assertThat(queue.isEmpty()).isTrue();
    }

    /** Event {@code id} (gene {@code genes[id % size]}) is scheduled at {@code now}; some schedule a child. */
    private static void schedule(EventQueue queue, List<Integer> genes, int id, long now, List<Integer> ran,
                                 List<long[]> expected, long[] sequence) {
        int gene = genes.get(id % genes.size());
        long delay = DELAYS[gene % DELAYS.length];
        int how = (gene >>> 4) % 4;
        long time = now + delay + (how == 1 ? gene % 50 : 0);
        expected.add(new long[] {time, sequence[0]++, id});
        Runnable action = () -> {
            ran.add(id);
            // A few generations of children, scheduled while the clock moves.
            if (id < 4 * genes.size() && (gene & 8) != 0) {
                schedule(queue, genes, id + genes.size(), queue.now(), ran, expected, sequence);
            }
        };
        switch (how) {
            case 0 -> queue.after(delay, action);
            case 1 -> queue.at(time, action);
            case 2 -> queue.timer(delay, action);
            // A call with its arguments apart (a lane keeps them in arrays): they must arrive as given.
            default -> queue.after(delay, (Runnable a, String b, Integer c, int d) -> {
                assertThat(b).isEqualTo("event " + id);
                assertThat(c).isEqualTo(id);
                assertThat(d).isEqualTo(-id);
                a.run();
            }, action, "event " + id, id, -id);
        }
    }
}
