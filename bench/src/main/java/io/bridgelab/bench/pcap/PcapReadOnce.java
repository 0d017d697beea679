package io.bridgelab.bench.pcap;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * A one-shot run of our read+decode, for what JMH does not show: cold-start wall time and peak memory
 * (run-pcap.sh runs it under {@code /usr/bin/time} with {@code -Xmx256m}, like it runs tshark).
 * Prints {@code packets seconds packets_per_second peak_heap_bytes checksum} (peak heap: the sum of the
 * heap pools' peak usage, i.e. what the collector let the heap grow to, not what was live).
 */
public final class PcapReadOnce {
    private PcapReadOnce() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long n = 0;
        long sink = 0;
        try (CaptureReader r = CaptureReader.open(Path.of(args[0]))) {
            while (r.next()) {
                Packet p = FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength());
                sink += p.frameLength();
                n++;
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%d %.3f %.0f %d %d%n", n, s, n / s, peak, sink);
    }
}
