package io.bridgelab.sim.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextTraceWriterTest {
    private static final String LONG = "-A FORWARD -o br-995e2caec5d2 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";

    private static Trace trace() {
        List<PacketTrace> packets = List.of(new PacketTrace(1, "peer", "172.20.0.3:43210 > 172.20.0.2:9000 UDP", List.of(
                new TraceStep.RuleEvaluated("host", "filter", "FORWARD", 3, LONG.substring(11), false,
                        "-m conntrack --ctstate [ESTABLISHED, RELATED] did not match: NEW"),
                new TraceStep.RuleEvaluated("host", "filter", "FORWARD", 10, "-i br0 -o br0 -j DROP", true, null),
                new TraceStep.Dropped("host", "DROP by rule filter FORWARD:10"))));
        return new Trace("icc", "peer -> 172.20.0.2:9000/udp", packets, Trace.dispositionOf(packets, 1));
    }

    @Test
    void plainWithoutWidthKeepsOneLinePerStepAndNoEscapes() {
        String text = TextTraceWriter.write(trace(), TextTraceWriter.Options.PLAIN);
        assertThat(text).doesNotContain("\u001b[");
        assertThat(text.lines().filter(l -> l.contains("FORWARD:3 " + LONG.substring(11)))).hasSize(1);
        assertThat(text).contains("   rule: filter:FORWARD:10  -A FORWARD -i br0 -o br0 -j DROP");
    }

    @Test
    void colourIsAnsiAndOnlyWhenAsked() {
        String text = TextTraceWriter.write(trace(), new TextTraceWriter.Options(true, 0, false));
        assertThat(text).contains("\u001b[1m\u001b[31m=> DROPPED", "\u001b[32mfilter FORWARD:10", "\u001b[0m");
        assertThat(text.replaceAll("\u001b\\[[0-9;]*m", ""))
                .isEqualTo(TextTraceWriter.write(trace(), TextTraceWriter.Options.PLAIN));
    }

    @Test
    void widthWrapsEveryLineUnderItsTextAndKeepsEveryWord() {
        String plain = TextTraceWriter.write(trace(), new TextTraceWriter.Options(false, 0, true));
        for (int width : new int[]{60, 80, 100}) {
            String wrapped = TextTraceWriter.write(trace(), new TextTraceWriter.Options(true, width, true));
            String visible = wrapped.replaceAll("\u001b\\[[0-9;]*m", "");
            assertThat(visible.lines()).as("width %d", width).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(width));
            assertThat(visible.split("\\s+")).as("the same words, width %d", width)
                    .containsExactly(plain.split("\\s+"));
            // A continuation starts under the step's text, not under the namespace column.
            assertThat(visible.lines().filter(l -> l.startsWith("  host "))).hasSizeLessThan(visible.lines()
                    .filter(l -> !l.isBlank()).toList().size());
        }
    }

    @Test
    void explainDropListsTheAcceptRulesPassed() {
        assertThat(TextTraceWriter.write(trace(), new TextTraceWriter.Options(false, 0, true)))
                .contains("ACCEPT rules it passed without a match:", "filter:FORWARD:3  " + LONG);
        assertThat(TextTraceWriter.write(trace(), TextTraceWriter.Options.PLAIN))
                .doesNotContain("ACCEPT rules it passed");
    }

    @Test
    void wrapCutsAtSpacesAndHardCutsLongWords() {
        assertThat(TextTraceWriter.wrap("aaaa bbbb cccc dddd eeee ffff gggg", 24, 30))
                .containsExactly("aaaa bbbb cccc dddd eeee", "ffff gggg");
        assertThat(TextTraceWriter.wrap("x".repeat(50), 24, 24)).containsExactly("x".repeat(24), "x".repeat(24), "xx");
        assertThat(TextTraceWriter.wrap("short", 0, 0)).containsExactly("short");
    }
}
