package io.bridgelab.sim.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bridgelab.sim.engine.PassThroughNetfilter;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTraceWriterTest {
    @Test
    void everyBuiltinTraceIsValidJsonOfTheDocumentedShape() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (Scenario s : BuiltinScenarios.all()) {
            Trace trace = new Simulation(s.world(), new PassThroughNetfilter(), s.flow(), s.packets()).run(s.name());
            JsonNode root = mapper.readTree(JsonTraceWriter.write(trace));
            assertThat(root.get("schema").asText()).isEqualTo(JsonTraceWriter.SCHEMA);
            assertThat(root.get("scenario").asText()).isEqualTo(s.name());
            assertThat(root.get("packets")).hasSize(trace.packets().size());
            for (JsonNode p : root.get("packets")) {
                assertThat(p.get("number").isInt()).isTrue();
                for (JsonNode step : p.get("steps")) {
                    assertThat(step.get("kind").asText()).isNotEmpty();
                    assertThat(step.get("node").asText()).isNotEmpty();
                }
            }
            assertThat(root.get("disposition").get("kind").asText()).isEqualTo(trace.disposition().text());
        }
    }

    @Test
    void fieldChangesAndListsAreStructuredAndStringsEscaped() throws Exception {
        Trace trace = new Trace("s\"q", "f\n", List.of(new PacketTrace(1, "n", "x", List.of(
                new TraceStep.Transformed("n", List.of(new FieldChange("ttl", "64", "63")), "forwarding"),
                new TraceStep.FdbFlooded("n", "br0", "ff:ff:ff:ff:ff:ff", "broadcast", List.of("a", "b"))))),
                new Disposition(Disposition.Kind.DELIVERED, "ok"));
        JsonNode root = new ObjectMapper().readTree(JsonTraceWriter.write(trace));
        assertThat(root.get("scenario").asText()).isEqualTo("s\"q");
        JsonNode steps = root.get("packets").get(0).get("steps");
        assertThat(steps.get(0).get("changes").get(0).get("before").asText()).isEqualTo("64");
        assertThat(steps.get(1).get("ports").get(1).asText()).isEqualTo("b");
    }
}
