package io.bridgelab.pcap.print;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

/** What the oracle's real captures do not hold: crafted frames (what tcpdump does is TcpdumpPrinterOracleTest's). */
class TcpdumpPrinterTest {

    @Test
    void icmpErrorsQuotingErrorsStopAfterAFewLevelsInsteadOfRecursingThroughTheFrame() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00});
        int levels = 2000;
        for (int i = 0; i < levels; i++) {
            int total = (levels - i) * 28;
            // An IPv4 header (protocol ICMP) and an ICMP port unreachable quoting the next level.
            frame.writeBytes(new byte[] {0x45, 0, (byte) (total >> 8), (byte) total, 0, 0, 0, 0, 64, 1, 0, 0,
                    10, 0, 0, 1, 10, 0, 0, 2, 3, 3, 0, 0, 0, 0, 0, 0});
        }
        byte[] bytes = frame.toByteArray();
        String line = new TcpdumpPrinter(new TcpdumpPrinter.Options(false, false, true), ServiceNames.NUMERIC)
                .line(0, bytes, bytes.length);
        assertThat(line).contains("[|icmp]");
        assertThat(line.lines().count()).isLessThan(20);
    }

    @Test
    void aHeaderLengthBelowTwentyBytesIsTcpdumpsBadHlen() {
        byte[] frame = new byte[14 + 20];
        frame[12] = 0x08;
        frame[14] = 0x44;
        String line = new TcpdumpPrinter(new TcpdumpPrinter.Options(false, false), ServiceNames.NUMERIC)
                .line(0, frame, frame.length);
        assertThat(line).isEqualTo("IP bad-hlen 16");
    }
}
