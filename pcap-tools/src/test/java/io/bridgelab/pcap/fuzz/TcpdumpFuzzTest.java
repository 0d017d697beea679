package io.bridgelab.pcap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bridgelab.pcap.filter.CaptureFilter;
import io.bridgelab.pcap.print.ServiceNames;
import io.bridgelab.pcap.print.TcpdumpPrinter;

/**
 * Fuzzes what {@code netsim exec ... tcpdump} takes from users and frames: a filter expression either parses or is
 * a {@link CaptureFilter.FilterException} with a message, and any bytes, cut anywhere, print as one line and
 * match or not, without another exception. {@code JAZZER_FUZZ=1 mvn test -Dtest=TcpdumpFuzzTest} fuzzes for real.
 */
class TcpdumpFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void filterAndPrinter(FuzzedDataProvider data) {
        String expression = data.consumeString(200);
        CaptureFilter filter;
        try {
            filter = CaptureFilter.parse(expression);
        } catch (CaptureFilter.FilterException e) {
            assertThat(e.getMessage()).isNotBlank();
            filter = CaptureFilter.ALL;
        }
        byte[] frame = data.consumeRemainingAsBytes();
        TcpdumpPrinter printer = new TcpdumpPrinter(
                new TcpdumpPrinter.Options(frame.length % 2 == 0, true, frame.length % 3 == 0),
                ServiceNames.NUMERIC);
        for (int cut = frame.length; cut >= 0; cut -= Math.max(1, frame.length / 7)) {
            filter.matches(frame, cut);
            assertThat(printer.line(0, frame, cut)).doesNotContain("\n");
        }
    }
}
