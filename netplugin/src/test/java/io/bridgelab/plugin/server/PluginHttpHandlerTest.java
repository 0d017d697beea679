package io.bridgelab.plugin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bridgelab.plugin.api.CreateNetworkRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pipeline fed raw HTTP bytes, as dockerd writes them, and read back as raw bytes. */
class PluginHttpHandlerTest {
    private final RecordingDriver driver = new RecordingDriver();

    private EmbeddedChannel channel(int limit) {
        return new EmbeddedChannel(new PluginChannelInitializer(Routes.of(driver, driver), limit, null));
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: plugin\r\n"
                + "Accept: application/vnd.docker.plugins.v1.2+json\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Writes the request and returns the whole response text. */
    private static String exchange(EmbeddedChannel ch, String request) {
        return exchange(ch, Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    }

    /** Writes the request bytes and returns the whole response text (also for the fuzz test). */
    static String exchange(EmbeddedChannel ch, ByteBuf request) {
        ch.writeInbound(request);
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = ch.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void activateListsBothInterfaces() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/Plugin.Activate", ""));
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-type: application/vnd.docker.plugins.v1+json");
        assertThat(body(r)).isEqualTo("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void capabilitiesAreLocal() {
        EmbeddedChannel ch = channel(1 << 20);
        assertThat(body(exchange(ch, post("/NetworkDriver.GetCapabilities", "{}"))))
                .isEqualTo("{\"Scope\":\"local\",\"ConnectivityScope\":\"local\"}");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void createNetworkReachesTheDriverAndAnswersEmpty() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/NetworkDriver.CreateNetwork",
                "{\"NetworkID\":\"abc\",\"IPv4Data\":[{\"Pool\":\"10.1.0.0/24\",\"Gateway\":\"10.1.0.1/24\"}]}"));
        assertThat(r).startsWith("HTTP/1.1 200 OK");
        assertThat(body(r)).isEqualTo("{}");
        assertThat(driver.calls).hasSize(1);
        assertThat(((CreateNetworkRequest) driver.calls.get(0)).ipv4Data().get(0).gateway()).isEqualTo("10.1.0.1/24");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void twoRequestsOnOneKeepAliveConnection() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"a\"}")
                + post("/NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"b\"}"));
        assertThat(r.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        assertThat(driver.calls).hasSize(2);
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void driverRefusalIsErr() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/NetworkDriver.CreateNetwork", "{\"NetworkID\":\"bad\"}"));
        assertThat(r).startsWith("HTTP/1.1 200 OK");
        assertThat(body(r)).isEqualTo("{\"Err\":\"network bad: refused\"}");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void ipamRefusalIsError() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/IpamDriver.RequestPool", "{\"Pool\":\"10.0.0.0/8\"}"));
        assertThat(body(r)).isEqualTo("{\"Error\":\"pool 10.0.0.0/8 overlaps\"}");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void malformedJsonIsAClearErrAndNoCall() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/NetworkDriver.CreateNetwork", "{\"NetworkID\": }"));
        assertThat(body(r)).startsWith("{\"Err\":\"NetworkDriver.CreateNetwork: malformed JSON at line 1, column 15");
        assertThat(driver.calls).isEmpty();
        String typed = exchange(ch, post("/NetworkDriver.CreateNetwork", "{\"IPv4Data\": \"x\"}"));
        assertThat(body(typed)).startsWith("{\"Err\":\"NetworkDriver.CreateNetwork: field IPv4Data:");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void unknownMethodIs404() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, post("/NetworkDriver.Frobnicate", "{}"));
        assertThat(r).startsWith("HTTP/1.1 404 Not Found");
        assertThat(body(r)).isEqualTo("{\"Err\":\"unknown plugin method /NetworkDriver.Frobnicate\"}");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void getIs405() {
        EmbeddedChannel ch = channel(1 << 20);
        String r = exchange(ch, "GET /Plugin.Activate HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 405");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void oversizedBodyIs413WithoutACall() {
        EmbeddedChannel ch = channel(1024);
        String big = "{\"NetworkID\":\"" + "a".repeat(2000) + "\"}";
        String r = exchange(ch, post("/NetworkDriver.CreateNetwork", big));
        assertThat(r).startsWith("HTTP/1.1 413");
        assertThat(body(r)).isEqualTo("{\"Err\":\"/NetworkDriver.CreateNetwork: request body over the limit"
                + " of 1024 bytes (serve --max-body)\"}");
        assertThat(driver.calls).isEmpty();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void oversizedIpamBodyIs413WithError() {
        EmbeddedChannel ch = channel(16);
        String r = exchange(ch, post("/IpamDriver.RequestPool", "{\"Pool\":\"172.30.0.0/16\"}"));
        assertThat(r).startsWith("HTTP/1.1 413").contains("content-type: application/vnd.docker.plugins.v1+json");
        assertThat(body(r)).startsWith("{\"Error\":\"/IpamDriver.RequestPool: request body over the limit");
        assertThat(driver.calls).isEmpty();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void connectionCloseIsHonoured() {
        EmbeddedChannel ch = channel(1 << 20);
        String req = "POST /Plugin.Activate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        assertThat(exchange(ch, req)).startsWith("HTTP/1.1 200 OK");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }
}
