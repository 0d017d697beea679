package io.bridgelab.bench.pcap;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import java.nio.file.Path;

/**
 * A one-shot run of our read+decode, for what JMH does not show: cold-start wall time and peak memory
 * (run-pcap.sh runs it under {@code /usr/bin/time} with {@code -Xmx256m}, like it runs tshark).
 * Prints {@code packets seconds packets_per_second heap_used_bytes}.
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
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%d %.3f %.0f %d %d%n", n, s, n / s, rt.totalMemory() - rt.freeMemory(), sink);
    }
}
