package io.bridgelab.bench.pcap;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameDecoder;
import io.bridgelab.pcap.io.CaptureReader;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * One operation reads a whole capture file (run-pcap.sh passes the 1M-SYN capture) and returns the packet
 * count, so packets/s = count / time per operation. Forked with a 256 MB heap: the reader streams.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m", "-Xms256m"})
public class PcapReadBenchmark {
    @Param("bench/out/syn1m.pcap")
    public String file;

    static {
        // Debian ships only libpcap.so.0.8 without the dev symlink JNA looks for.
        if (System.getProperty("org.pcap4j.core.pcapLibName") == null) {
            System.setProperty("org.pcap4j.core.pcapLibName", "/lib/x86_64-linux-gnu/libpcap.so.0.8");
        }
    }

    /** Ours: stream the file through the reader and decode every frame to the model's Packet. */
    @Benchmark
    public long oursReadAndDecode(Blackhole bh) throws Exception {
        long n = 0;
        try (CaptureReader r = CaptureReader.open(Path.of(file))) {
            while (r.next()) {
                Packet p = FrameDecoder.decodeEthernet(r.buffer(), r.dataOffset(), r.capturedLength());
                bh.consume(p);
                n++;
            }
        }
        return n;
    }

    /** Ours, reading only (the bytes stay in the reader's buffer). */
    @Benchmark
    public long oursReadOnly(Blackhole bh) throws Exception {
        long n = 0;
        try (CaptureReader r = CaptureReader.open(Path.of(file))) {
            while (r.next()) {
                bh.consume(r.capturedLength());
                n++;
            }
        }
        return n;
    }

    /** pcap4j offline, raw bytes only (one JNA call into libpcap per packet, a byte[] copy each). */
    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public long pcap4jRaw(Blackhole bh) throws Exception {
        long n = 0;
        try (PcapHandle h = Pcaps.openOffline(file)) {
            while (true) {
                try {
                    bh.consume(h.getNextRawPacketEx());
                    n++;
                } catch (EOFException e) {
                    return n;
                }
            }
        }
    }

    /** pcap4j offline with its static packet factory decoding each packet into pcap4j's classes. */
    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public long pcap4jDecoded(Blackhole bh) throws Exception {
        long n = 0;
        try (PcapHandle h = Pcaps.openOffline(file)) {
            while (true) {
                try {
                    bh.consume(h.getNextPacketEx());
                    n++;
                } catch (EOFException e) {
                    return n;
                }
            }
        }
    }

    /** Ours, raw bytes from pcap4j decoded by our decoder: isolates the cost of pcap4j's reading. */
    @Benchmark
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 2, time = 1)
    public long pcap4jRawOurDecoder(Blackhole bh) throws Exception {
        long n = 0;
        try (PcapHandle h = Pcaps.openOffline(file)) {
            while (true) {
                try {
                    byte[] b = h.getNextRawPacketEx();
                    bh.consume(FrameDecoder.decodeEthernet(b, 0, b.length));
                    n++;
                } catch (EOFException e) {
                    return n;
                }
            }
        }
    }
}
