package io.bridgelab.sim.cli;

import io.bridgelab.sim.testing.CaptureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code netsim replay --local}: the host's own curl to 127.0.0.1:8088 in the committed kernel run of
 * fixtures/scenarios/localhost, replayed from its NFLOG capture beside the container's frames; every capture the
 * replay writes holds as many frames as the kernel's.
 */
class ReplayLocalCliTest {
    private static final String RUN = "../fixtures/scenarios/localhost/captured/";
    private static final String HOST = RUN + "captures/host/";

    @Test
    void theHostsOwnProgramsAreReplayedFromTheirLocalOutput(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("replay", "--snapshot", RUN + "snapshot-before",
                "--emit", "test1:eth0=" + RUN + "captures/test1/eth0.sent.pcap",
                "--emit", "test2:eth0=" + RUN + "captures/test2/eth0.sent.pcap",
                "--emit", "ext:eth0=" + RUN + "captures/ext/eth0.sent.pcap",
                "--local", "host=" + HOST + "local-output.nflog," + HOST + "eth0.sent.pcap," + HOST
                        + "docker0.sent.pcap," + HOST + "lo.pcap",
                "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("replayed ");
        for (String iface : new String[] {"docker0", "veth-test1", "veth-test2"}) {
            assertThat(CaptureFiles.count(out.resolve("host/" + iface + ".pcap"))).as("host:" + iface)
                    .isEqualTo(CaptureFiles.count(Path.of(HOST + iface + ".pcap"))).isPositive();
        }
        assertThat(CaptureFiles.count(out.resolve("test2/eth0.pcap")))
                .isEqualTo(CaptureFiles.count(Path.of(RUN + "captures/test2/eth0.pcap")));
    }

    @Test
    void oneCaptureWrittenIsOneCapture(@TempDir Path dir) {
        String pm = "../fixtures/scenarios/port-mapping/captured/";
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("replay", "--snapshot", pm + "snapshot-before", "--emit",
                "ext:eth0=" + pm + "captures/ext/eth0.sent.pcap", "--capture", "host:eth0", "--out", out.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("replayed 7 frames through snapshot-before; wrote 1 capture to " + out + "\n");
    }

    @Test
    void aLocalCaptureThatIsNotNflogIsRefusedNamingIt(@TempDir Path dir) {
        // lo.pcap holds no frame here (the host's curl left by docker0): its header alone says it is no NFLOG capture.
        CliRun r = CliRun.run("replay", "--snapshot", RUN + "snapshot-before", "--local",
                "host=" + HOST + "lo.pcap", "--out", dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("lo.pcap: link type 1, want NFLOG (239, tcpdump -i nflog:GROUP)");
        CliRun empty = CliRun.run("replay", "--snapshot", RUN + "snapshot-before", "--local",
                "host=" + HOST + "local-output.nflog,", "--out", dir.resolve("out2").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("--local: an empty file name");
    }
}
