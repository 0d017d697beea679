package io.bridgelab.bench.netsim;

import io.bridgelab.netfilter.eval.Netfilter;
import io.bridgelab.sim.engine.EdgeReplay;
import io.bridgelab.sim.engine.Engine;
import io.bridgelab.sim.engine.EvaluatedNetfilter;
import io.bridgelab.sim.engine.PcapExport;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ReplayThroughput}'s replay, timed also in CPU time: besides packets/s (wall clock) it prints the CPU
 * seconds the simulating thread and the whole process spent from scheduling the capture to the last file written.
 * On a machine shared with other work, wall-clock speed swings with what else runs; the simulating thread's CPU
 * time swings much less (it still pays for caches shared with the other work), so it is the steadier figure for
 * comparing two builds. Prints per round: frames, packets/s, thread CPU s, process CPU s, bytes the
 * simulating thread allocated per replayed frame (a figure that does not swing with the machine's load).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.bridgelab.bench.netsim.ReplayCpu SYN.pcap RULES [listen] [nocapture]
 * [ROUNDS]}
 */
public final class ReplayCpu {
    private ReplayCpu() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean listen = rest.remove("listen");
        boolean capture = !rest.remove("nocapture");
        Path pcap = Path.of(rest.get(0));
        int rules = Integer.parseInt(rest.get(1));
        int rounds = rest.size() == 3 ? Integer.parseInt(rest.get(2)) : 1;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < rounds; round++) {
            EvaluatedNetfilter netfilter = new EvaluatedNetfilter(Netfilter.Mode.FAST);
            Engine engine = new Engine(ReplayThroughput.anchorWorld(rules, listen), netfilter, Integer.MAX_VALUE,
                    false);
            if (!capture) {
                engine.captures().only(java.util.Set.of());
            }
            Path out = Files.createTempDirectory("netsim-replay-");
            long cpu0 = threads.getCurrentThreadCpuTime();
            long allocated0 = threads.getCurrentThreadAllocatedBytes();
            long proc0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            engine.captures().streamTo(out, 0);
            int frames = EdgeReplay.schedule(engine, List.of(new EdgeReplay.Edge("ext", "eth0", pcap))).frames();
            engine.run();
            PcapExport.write(engine.captures(), out, 0);
            long t1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            long proc1 = os.getProcessCpuTime();
            long allocated1 = threads.getCurrentThreadAllocatedBytes();
            System.out.printf("%d\t%.0f\t%.3f\t%.3f\t%d%n", frames, frames / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e9,
                    (proc1 - proc0) / 1e9, (allocated1 - allocated0) / frames);
            ReplayThroughput.deleteOutput(out);
        }
    }
}
