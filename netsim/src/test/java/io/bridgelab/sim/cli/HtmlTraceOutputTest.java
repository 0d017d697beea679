package io.bridgelab.sim.cli;

import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --format html} is one self-contained page for every built-in scenario: it fetches nothing. */
class HtmlTraceOutputTest {
    private static final Pattern RESOURCE_ATTRIBUTE = Pattern.compile(
            "\\s(?:src|href|action|poster|srcset|data)\\s*=\\s*[\"']", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_FUNCTION = Pattern.compile("url\\(([^)]*)\\)");

    @Test
    void everyScenarioPageIsSelfContained() {
        for (Scenario s : BuiltinScenarios.all()) {
            String html = html(s.name());
            assertThat(html).as(s.name()).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                    .contains("<svg", "<style>", "<script>", "data-packet=\"1\"");
            // Nothing that makes a browser fetch: no external scheme, no linked or embedded resource.
            assertThat(html.toLowerCase()).as(s.name())
                    .doesNotContain("http://", "https://", "ftp://", "<link", "<img", "<iframe", "<object", "<embed",
                            "@import", "xlink:", "fetch(", "xmlhttprequest", "import(", "websocket");
            // As attributes only: the trace's own text says "src=192.168.1.20" (a rule's no-match reason).
            assertThat(RESOURCE_ATTRIBUTE.matcher(html).find()).as("%s links a resource", s.name()).isFalse();
            Matcher m = URL_FUNCTION.matcher(html);
            while (m.find()) {
                assertThat(m.group(1)).as("url() in %s points inside the page", s.name()).startsWith("#");
            }
        }
    }

    @Test
    void markupSpecialCharactersInTheTraceAreEscaped() {
        String html = html("port-mapping");
        // The packet summaries carry '>' ("a > b"); raw they would end a tag.
        assertThat(html).contains("192.168.1.20:43210 &gt; 192.168.1.10:8088").doesNotContain("43210 > 192");
    }

    private static String html(String scenario) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"trace", "--scenario", scenario, "--format", "html"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).as(scenario).isEmpty();
        assertThat(code).isZero();
        return out.toString();
    }
}
