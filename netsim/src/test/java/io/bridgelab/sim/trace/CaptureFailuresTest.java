package io.bridgelab.sim.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replayed capture's closing summary: the packets that did not get through grouped by cause, in the order each
 * cause first stopped one, in text (at most ten, the rest counted) and in JSON (all); an exchange has none.
 */
class CaptureFailuresTest {
    private static PacketTrace dropped(int number, String cause) {
        return new PacketTrace(number, "ext", "a > b", List.of(new TraceStep.Received("host", "eth0", "a > b"),
                new TraceStep.Dropped("host", cause)));
    }

    private static PacketTrace delivered(int number) {
        return new PacketTrace(number, "ext", "a > b", List.of(new TraceStep.Delivered("host", "socket", true)));
    }

    private static Trace replayed(List<PacketTrace> packets) {
        return new Trace("s", "capture", packets, Trace.replayDispositionOf(packets, 0, 0));
    }

    @Test
    void failuresAreGroupedByCauseInTheOrderTheyFirstHappened() {
        Trace t = replayed(List.of(delivered(1), dropped(2, "no route to 10.0.0.1"), dropped(3, "martian source"),
                dropped(4, "no route to 10.0.0.1"), delivered(5)));

        List<DropExplainer.Failures> failures = DropExplainer.failures(t);
        assertThat(failures).extracting(DropExplainer.Failures::count).containsExactly(2, 1);
        assertThat(failures).extracting(f -> f.first().packet()).containsExactly(2, 3);
        assertThat(failures.get(0).cause()).isEqualTo("host: no-route: no route to 10.0.0.1");
        assertThat(TextTraceWriter.write(t, false)).contains("   packets that did not get through, by cause:\n"
                + "        2 x host: no-route: no route to 10.0.0.1  (first: #2)\n"
                + "        1 x host: kernel: martian source  (first: #3)\n");
        assertThat(JsonTraceWriter.write(t)).contains("\"failures\": [\n      {\"count\": 2, \"firstPacket\": 2,"
                + " \"node\": \"host\", \"kind\": \"no-route\", \"where\": null, \"rule\": null, \"reason\": \"no route"
                + " to 10.0.0.1\"},\n      {\"count\": 1, \"firstPacket\": 3,");
    }

    @Test
    void textListsTenCausesAndCountsTheRest() {
        List<PacketTrace> packets = new ArrayList<>();
        for (int i = 1; i <= 13; i++) {
            packets.add(dropped(i, "martian source " + i));
        }
        packets.add(dropped(14, "martian source 13"));
        String text = TextTraceWriter.write(replayed(packets), false);

        assertThat(text).contains("(first: #10)\n").doesNotContain("(first: #11)")
                .endsWith("     ... 3 more causes, 4 packets (--format json lists them all)\n");
        assertThat(JsonTraceWriter.write(replayed(packets))).contains("\"firstPacket\": 13,");
    }

    @Test
    void anExchangeHasNoFailureList() {
        List<PacketTrace> packets = List.of(dropped(1, "no route to 10.0.0.1"));
        Trace exchange = new Trace("s", "f", packets, Trace.dispositionOf(packets, 1));
        assertThat(TextTraceWriter.write(exchange, false)).doesNotContain("by cause");
        assertThat(JsonTraceWriter.write(exchange)).doesNotContain("\"failures\"").doesNotContain("\"counts\"");
    }
}
