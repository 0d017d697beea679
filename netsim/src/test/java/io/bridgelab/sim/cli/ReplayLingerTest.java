package io.bridgelab.sim.cli;

import io.bridgelab.pcap.io.CaptureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim replay --linger}: the kernel's timers past the last replayed frame. The committed kernel run of
 * fixtures/scenarios/fragment-timeout (ipfrag_time=1) ends with the host's ICMP "fragment reassembly time exceeded"
 * a second after ext's last fragment; a replay that stops at its last frame cannot show it, one that lingers must.
 */
class ReplayLingerTest {
    private static final String RUN = "../fixtures/scenarios/fragment-timeout/captured/";
    private static final int ICMP_TIME_EXCEEDED = 11;

    @Test
    void lingeringRunsTheReassemblyTimerAsTheKernelDid(@TempDir Path dir) throws IOException {
        CliRun stopped = replay(dir.resolve("stopped"));
        assertThat(stopped.code()).isZero();
        assertThat(stopped.out()).startsWith("replayed ").doesNotContain("past the last frame");
        assertThat(timeExceeded(dir.resolve("stopped/ext/eth0.pcap"))).isEmpty();

        CliRun lingered = replay(dir.resolve("lingered"), "--linger", "1.5");
        assertThat(lingered.err()).isEmpty();
        assertThat(lingered.code()).isZero();
        assertThat(lingered.out()).contains("; the clock ran 1.5 s past the last frame; wrote ");
        List<Frame> kernel = timeExceeded(Path.of(RUN + "captures/ext/eth0.pcap"));
        List<Frame> simulated = timeExceeded(dir.resolve("lingered/ext/eth0.pcap"));
        assertThat(kernel).hasSize(1);
        assertThat(simulated).hasSize(1);
        // Code 1 (fragment reassembly), quoting the datagram of IP ID 303, as the kernel's.
        assertThat(simulated.get(0).code()).isEqualTo(1).isEqualTo(kernel.get(0).code());
        assertThat(simulated.get(0).quotedId()).isEqualTo(303).isEqualTo(kernel.get(0).quotedId());
        // Every other frame ext saw is the same count as without lingering: the timer added only the error.
        assertThat(frames(dir.resolve("lingered/ext/eth0.pcap")).size())
                .isEqualTo(frames(dir.resolve("stopped/ext/eth0.pcap")).size() + 1)
                .isEqualTo(frames(Path.of(RUN + "captures/ext/eth0.pcap")).size());
        // ipfrag_time after the first fragment, which was the last frame replayed.
        List<Frame> all = frames(dir.resolve("lingered/ext/eth0.pcap"));
        long gap = all.get(all.size() - 1).nanos() - all.get(all.size() - 2).nanos();
        assertThat(gap).isBetween(1_000_000_000L, 1_001_000_000L);
    }

    @Test
    void lingerShorterThanTheTimerShowsNothingMore(@TempDir Path dir) throws IOException {
        CliRun r = replay(dir, "--linger", "0.5");
        assertThat(r.code()).isZero();
        assertThat(timeExceeded(dir.resolve("ext/eth0.pcap"))).isEmpty();
    }

    @Test
    void lingerMustBeANumberOfSecondsUpToADay(@TempDir Path dir) {
        for (String bad : List.of("-1", "86401", "NaN")) {
            CliRun r = replay(dir.resolve("out"), "--linger", bad);
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--linger: SECONDS is a number from 0 to 86400 (a day), got");
            assertThat(dir.resolve("out")).doesNotExist();
        }
        CliRun word = replay(dir.resolve("out"), "--linger", "soon");
        assertThat(word.code()).isEqualTo(2);
        assertThat(word.err()).contains("--linger").contains("soon");
    }

    private static CliRun replay(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("replay", "--snapshot", RUN + "snapshot-before",
                "--emit", "ext:eth0=" + RUN + "captures/ext/eth0.sent.pcap",
                "--emit", "test1:eth0=" + RUN + "captures/test1/eth0.sent.pcap",
                "--emit", "test2:eth0=" + RUN + "captures/test2/eth0.sent.pcap",
                "--capture", "ext:eth0,host:eth0", "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.run(args.toArray(String[]::new));
    }

    private record Frame(long nanos, byte[] bytes) {
        boolean isIcmp(int type) {
            return bytes.length > 34 && (bytes[12] & 0xff) == 0x08 && bytes[13] == 0 && bytes[23] == 1
                    && (bytes[14 + ipHeader()] & 0xff) == type;
        }

        int ipHeader() {
            return (bytes[14] & 0x0f) * 4;
        }

        int code() {
            return bytes[14 + ipHeader() + 1] & 0xff;
        }

        /** The IP ID of the header the ICMP error quotes. */
        int quotedId() {
            int quoted = 14 + ipHeader() + 8;
            return (bytes[quoted + 4] & 0xff) << 8 | bytes[quoted + 5] & 0xff;
        }
    }

    private static List<Frame> frames(Path pcap) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap)) {
            while (r.next()) {
                byte[] b = new byte[r.capturedLength()];
                System.arraycopy(r.buffer(), r.dataOffset(), b, 0, b.length);
                frames.add(new Frame(r.timestampNanos(), b));
            }
        }
        return frames;
    }

    private static List<Frame> timeExceeded(Path pcap) throws IOException {
        return frames(pcap).stream().filter(f -> f.isIcmp(ICMP_TIME_EXCEEDED)).toList();
    }
}
