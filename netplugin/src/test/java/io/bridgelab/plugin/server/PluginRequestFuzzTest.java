package io.bridgelab.plugin.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bridgelab.plugin.dataplane.KernelState;
import io.bridgelab.plugin.dataplane.SimulatedDataplane;
import io.bridgelab.plugin.driver.BridgeNetworkDriver;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.ipam.AddressPools;
import io.bridgelab.plugin.store.StateStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever reaches the socket (dockerd, or any process allowed to open it) goes through the real HTTP
 * pipeline, the real driver and IPAM, and the simulated dataplane: the fuzz input's first byte picks the
 * method, the rest is the request body. Every answer is a JSON object with status 200 (never 500: a
 * RuntimeException from bad input is a bug), and a refused request changes nothing, neither the store nor
 * the kernel. Plain {@code mvn verify} replays the seed corpus in {@code src/test/resources/.../
 * PluginRequestFuzzTestInputs}; {@code JAZZER_FUZZ=1 mvn test -Dtest=PluginRequestFuzzTest} fuzzes for real.
 */
class PluginRequestFuzzTest {
    static final List<String> METHODS = List.of("Plugin.Activate", "NetworkDriver.GetCapabilities",
            "NetworkDriver.CreateNetwork", "NetworkDriver.DeleteNetwork", "NetworkDriver.CreateEndpoint",
            "NetworkDriver.EndpointOperInfo", "NetworkDriver.DeleteEndpoint", "NetworkDriver.Join",
            "NetworkDriver.Leave", "NetworkDriver.ProgramExternalConnectivity",
            "NetworkDriver.RevokeExternalConnectivity", "NetworkDriver.DiscoverNew", "NetworkDriver.DiscoverDelete",
            "NetworkDriver.AllocateNetwork", "NetworkDriver.FreeNetwork", "IpamDriver.GetCapabilities",
            "IpamDriver.GetDefaultAddressSpaces", "IpamDriver.RequestPool", "IpamDriver.ReleasePool",
            "IpamDriver.RequestAddress", "IpamDriver.ReleaseAddress");
    /** Realistic bodies, as dockerd 20.10 sends them, each a valid request against the seeded state. */
    static final List<String> EXAMPLES = List.of(
            "NetworkDriver.CreateNetwork {\"NetworkID\":\"n1\",\"Options\":{\"com.docker.network.enable_ipv6\":false,"
                    + "\"com.docker.network.generic\":{\"com.docker.network.bridge.name\":\"br-fuzz1\","
                    + "\"com.docker.network.bridge.enable_icc\":\"false\"}},\"IPv4Data\":[{\"AddressSpace\":"
                    + "\"LocalDefault\",\"Pool\":\"10.89.0.0/24\",\"Gateway\":\"10.89.0.1/24\"}],\"IPv6Data\":[]}",
            "NetworkDriver.CreateEndpoint {\"NetworkID\":\"n0\",\"EndpointID\":\"e1\",\"Interface\":{\"Address\":"
                    + "\"10.88.0.3/24\",\"AddressIPv6\":\"\",\"MacAddress\":\"\"},\"Options\":{}}",
            "NetworkDriver.Join {\"NetworkID\":\"n0\",\"EndpointID\":\"e0\",\"SandboxKey\":\"/var/run/docker/netns/x\","
                    + "\"Options\":{}}",
            "NetworkDriver.ProgramExternalConnectivity {\"NetworkID\":\"n0\",\"EndpointID\":\"e0\",\"Options\":"
                    + "{\"com.docker.network.portmap\":[{\"Proto\":6,\"IP\":\"\",\"Port\":80,\"HostIP\":\"\","
                    + "\"HostPort\":8088,\"HostPortEnd\":8088}],\"com.docker.network.endpoint.exposedports\":"
                    + "[{\"Proto\":6,\"Port\":80}]}}",
            "IpamDriver.RequestPool {\"AddressSpace\":\"netplugin-local\",\"Pool\":\"10.90.0.0/24\",\"SubPool\":\"\","
                    + "\"Options\":{},\"V6\":false}",
            "NetworkDriver.DeleteEndpoint {\"NetworkID\":\"n0\",\"EndpointID\":\"e0\"}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The handler logs every call (the operator's record); hundreds of thousands of them say nothing here. */
    private static final Logger CALL_LOG = Logger.getLogger(PluginHttpHandler.class.getName());

    static {
        CALL_LOG.setLevel(Level.WARNING);
    }

    private static Path dir;
    private static StateStore store;
    private static SimulatedDataplane kernel;
    private static EmbeddedChannel channel;

    @FuzzTest(maxDuration = "60s")
    void anyBodyToAnyMethod(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        String method = METHODS.get((data[0] & 0xff) % METHODS.size());
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        exchangeCleanly(method, body);
        if (store.networks().size() > 20) {
            reset();
        }
    }

    /** Every prefix of each realistic body: refused with a message and no change, or a valid shorter request. */
    @Test
    void everyTruncatedRequestIsRefusedCleanly() throws IOException {
        for (String example : EXAMPLES) {
            String method = example.substring(0, example.indexOf(' '));
            byte[] body = example.substring(method.length() + 1).getBytes(StandardCharsets.UTF_8);
            int refused = 0;
            for (int n = 1; n < body.length; n++) {
                reset();
                if (exchangeCleanly(method, Arrays.copyOf(body, n)) != null) {
                    refused++;
                }
            }
            assertThat(refused).as(method + ": every prefix is malformed JSON").isEqualTo(body.length - 1);
            reset();
            assertThat(exchangeCleanly(method, body)).as(method + " whole").isNull();
        }
        reset();
    }

    /**
     * Sends one request; checks the invariants and returns the error message of a refusal (null when the
     * request was carried out).
     */
    static String exchangeCleanly(String method, byte[] body) throws IOException {
        channel();
        Snapshot before = Snapshot.take();
        String response = exchange(method, body);
        assertThat(response).as(method).startsWith("HTTP/1.1 200 OK\r\n");
        JsonNode answer = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(answer.isObject()).as(response).isTrue();
        String error = answer.path(method.startsWith("IpamDriver.") ? "Error" : "Err").asText("");
        if (!error.isEmpty()) {
            assertThat(Snapshot.take()).as(method + " refused (" + error + ") but changed state").isEqualTo(before);
            return error;
        }
        return null;
    }

    private static String exchange(String method, byte[] body) {
        EmbeddedChannel ch = channel();
        ByteBuf request = Unpooled.buffer();
        request.writeCharSequence("POST /" + method + " HTTP/1.1\r\nHost: plugin\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n", StandardCharsets.US_ASCII);
        request.writeBytes(body);
        String response = PluginHttpHandlerTest.exchange(ch, request);
        ch.checkException();
        return response;
    }

    /** What a request may change: the kernel (simulated) and every table of the store. */
    private record Snapshot(KernelState kernelState, List<?> networks, List<?> endpoints, List<?> pools) {
        static Snapshot take() {
            return new Snapshot(kernel.observe(), store.networks(), store.endpoints(), store.pools());
        }
    }

    private static synchronized EmbeddedChannel channel() {
        if (channel == null) {
            reset();
        }
        return channel;
    }

    /** A fresh plugin with one network n0 (10.88.0.0/24) and one endpoint e0 in it, as tests expect. */
    private static synchronized void reset() {
        try {
            close();
            dir = Files.createTempDirectory("plugin-fuzz-");
            store = StateStore.open(dir);
            kernel = new SimulatedDataplane(new SaveTextRulesRenderer());
            kernel.ensureBase();
            BridgeNetworkDriver driver = new BridgeNetworkDriver(store, kernel);
            channel = new EmbeddedChannel(new PluginChannelInitializer(Routes.of(driver, new AddressPools(store)),
                    64 << 10, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String network = "{\"NetworkID\":\"n0\",\"Options\":{\"com.docker.network.generic\":{}},\"IPv4Data\":"
                + "[{\"Pool\":\"10.88.0.0/24\",\"Gateway\":\"10.88.0.1/24\"}]}";
        String endpoint = "{\"NetworkID\":\"n0\",\"EndpointID\":\"e0\",\"Interface\":{\"Address\":\"10.88.0.2/24\"}}";
        assertThat(exchange("NetworkDriver.CreateNetwork", network.getBytes(StandardCharsets.UTF_8))).endsWith("{}");
        assertThat(exchange("NetworkDriver.CreateEndpoint", endpoint.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("Err");
    }

    @AfterAll
    static synchronized void close() throws IOException {
        if (channel != null) {
            channel.finishAndReleaseAll();
            channel = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            dir = null;
        }
    }
}
