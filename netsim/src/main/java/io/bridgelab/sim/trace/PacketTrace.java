package io.bridgelab.sim.trace;

import java.util.List;

/**
 * The way of one packet of the exchange, from the program that sent it to where it ended, including
 * the ARP frames it caused.
 *
 * @param number  1-based position in the exchange
 * @param summary the packet as its sender made it ({@code 192.168.1.20:40000 > 192.168.1.10:8088 TCP [SYN]})
 */
public record PacketTrace(int number, String origin, String summary, List<TraceStep> steps) {
    public PacketTrace {
        steps = List.copyOf(steps);
    }

    /** How this packet ended: its last Delivered or Dropped step, or null while still in flight. */
    public TraceStep outcome() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            TraceStep s = steps.get(i);
            if (s instanceof TraceStep.Delivered || s instanceof TraceStep.Dropped) {
                return s;
            }
        }
        return null;
    }
}
