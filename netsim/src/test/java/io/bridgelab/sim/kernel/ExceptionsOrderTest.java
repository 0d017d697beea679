package io.bridgelab.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.sim.kernel.Exceptions.Order;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The frame-order rule of the kernel comparison on small hand-made captures: frames are names, "out*" the
 * capturing namespace sent, "in*" it received. Kernel times in ms.
 */
class ExceptionsOrderTest {
    private static final Set<String> SENT = Set.of("out1", "out2", "out3");

    private static Order order(List<String> kernel, List<Long> kernelMs, List<String> simulated) {
        // Simulated frames 10 ms apart: no two of them close enough to be concurrent edge frames.
        List<Long> simulatedMs = java.util.stream.LongStream.range(0, simulated.size()).map(i -> i * 10).boxed().toList();
        return order(kernel, kernelMs, simulated, simulatedMs);
    }

    private static Order order(List<String> kernel, List<Long> kernelMs, List<String> simulated, List<Long> simulatedMs) {
        return Exceptions.order(kernel, nanos(kernelMs), simulated, nanos(simulatedMs), SENT);
    }

    private static List<Long> nanos(List<Long> ms) {
        return ms.stream().map(m -> m * 1_000_000).toList();
    }

    @Test
    void theSameOrderIsTheKernels() {
        assertThat(order(List.of("out1", "in1", "out2"), List.of(0L, 5L, 9L), List.of("out1", "in1", "out2")))
                .isEqualTo(Order.KERNELS);
    }

    @Test
    void aSentAndAReceivedFrameThatCrossedWithinAMillisecondKeepTheKernelsOrder() {
        // Exception 2, both ways round.
        assertThat(order(List.of("out1", "in1"), List.of(0L, 0L), List.of("in1", "out1"))).isEqualTo(Order.KERNELS);
        assertThat(order(List.of("in1", "out1"), List.of(0L, 0L), List.of("out1", "in1"))).isEqualTo(Order.KERNELS);
    }

    /** The hairpin run that failed on a loaded machine: the response came back after both FINs. */
    @Test
    void receivedFramesTheKernelDeliveredLaterAreLateDelivery() {
        List<String> kernel = List.of("out1", "out2", "in2", "in1");
        List<String> simulated = List.of("out1", "in1", "out2", "in2");
        assertThat(order(kernel, List.of(0L, 3L, 4L, 6L), simulated)).isEqualTo(Order.LATE_DELIVERY);
    }

    @Test
    void aSentFrameLaterInTheKernelIsAnError() {
        // The simulation sent out2 before receiving in1, the kernel after, 5 ms apart: not a crossing, and a
        // sent frame's time is the capture's own (the replay emits it then), so the simulation is wrong.
        assertThat(order(List.of("in1", "out2"), List.of(0L, 5L), List.of("out2", "in1"))).isEqualTo(Order.OTHER);
    }

    @Test
    void aSentFrameLaterInTheKernelSpoilsLateDeliveryElsewhere() {
        List<String> kernel = List.of("out2", "in1", "in2", "out1");
        List<String> simulated = List.of("out1", "in2", "in1", "out2");
        assertThat(order(kernel, List.of(0L, 5L, 10L, 15L), simulated)).isEqualTo(Order.OTHER);
    }

    /**
     * The hairpin run that failed on a loaded machine: test2's client FIN and its server's response, sent
     * microseconds apart from two sockets, left docker0 (both forwarded there, so both "sent") server-first.
     */
    @Test
    void framesTheSimulationSawWithinAMillisecondAreConcurrentEdgeFrames() {
        List<String> kernel = List.of("out1", "out3", "out2");
        List<String> simulated = List.of("out1", "out2", "out3");
        assertThat(order(kernel, List.of(0L, 10L, 10L), simulated, List.of(0L, 10L, 10L)))
                .isEqualTo(Order.CONCURRENT_EDGE_FRAMES);
    }

    @Test
    void concurrentEdgeFramesDoNotExcuseAnotherSentFrameOutOfOrder() {
        // out2/out3 concurrent, but out1 is 5 ms from both in the simulation and later in the kernel.
        List<String> kernel = List.of("out3", "out2", "out1");
        List<String> simulated = List.of("out1", "out2", "out3");
        assertThat(order(kernel, List.of(0L, 0L, 5L), simulated, List.of(0L, 5L, 5L))).isEqualTo(Order.OTHER);
    }

    @Test
    void differentFramesAreAnError() {
        assertThat(order(List.of("out1", "in1"), List.of(0L, 5L), List.of("out1", "in2"))).isEqualTo(Order.OTHER);
        assertThat(order(List.of("out1", "in1"), List.of(0L, 5L), List.of("out1"))).isEqualTo(Order.OTHER);
    }
}
