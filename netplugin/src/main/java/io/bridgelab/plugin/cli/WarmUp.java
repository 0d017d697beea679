package io.bridgelab.plugin.cli;

import io.bridgelab.plugin.api.ProtocolException;
import io.bridgelab.plugin.api.ProtocolJson;
import io.bridgelab.plugin.dataplane.SimulatedDataplane;
import io.bridgelab.plugin.driver.BridgeNetworkDriver;
import io.bridgelab.plugin.driver.PortRequests;
import io.bridgelab.plugin.driver.SpareVeths;
import io.bridgelab.plugin.fault.CrashPoints;
import io.bridgelab.plugin.firewall.PortRules;
import io.bridgelab.plugin.firewall.RulesRenderer;
import io.bridgelab.plugin.ipam.AddressPools;
import io.bridgelab.plugin.server.Route;
import io.bridgelab.plugin.server.Routes;
import io.bridgelab.plugin.store.EndpointState;
import io.bridgelab.plugin.store.NetworkState;
import io.bridgelab.plugin.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the plugin's call paths before it serves, against a simulated kernel and a throwaway store, so the
 * first calls after a (re)start do not pay class loading and interpretation.
 *
 * <p>Why: the plugin runs with C1 only, which compiles a method after about 200 calls; until then it is
 * interpreted. The first CreateEndpoint after a restart used 50-72 ms of CPU and the first
 * ProgramExternalConnectivity 16 ms (later ones 0-2 ms), and while containers start in bulk every ms of
 * CPU becomes many ms of waiting for a CPU: that first call alone took 122-156 ms. After this warm-up the
 * first CreateEndpoint used 22 ms and the first ProgramExternalConnectivity 4 ms (one e2e run). The first
 * {@code docker run -p} with 1,000 ports paid 0.3 s cold.
 */
final class WarmUp {
    /**
     * Endpoint lives run: most per-call methods run several times per life, and C1 compiles a method after
     * 100-200 calls. 150 lives took 1.1-1.4 s at start-up on the 2-core machine.
     */
    static final int ENDPOINT_LIVES = 150;

    private static final String NET = "f".repeat(64);

    private WarmUp() {
    }

    /**
     * Both warm-ups; the endpoint one only when no crash point is armed (its calls are not calls). A
     * failure is reported and serving goes on: a warm-up only saves time.
     */
    static void run(RulesRenderer renderer) {
        try {
            portMapping(renderer);
            if (!CrashPoints.armed()) {
                endpointLives(renderer, ENDPOINT_LIVES);
            }
        } catch (RuntimeException e) {
            System.err.println("netplugin: warm-up failed, serving without it: " + e);
        }
    }

    /** The port-mapping path once (JSON binding, rule building, rendering) for 256 ports, no kernel. */
    static void portMapping(RulesRenderer renderer) {
        List<Object> map = new ArrayList<>();
        for (int p = 1; p <= 256; p++) {
            map.add(Map.of("Proto", p % 2 == 0 ? 6 : 17, "Port", p, "HostPort", p, "HostPortEnd", p));
        }
        var requests = PortRequests.parse(Map.of(PortRequests.PORTMAP, map));
        var ports = PortRequests.allocate(requests, "10.0.0.2", null, List.of());
        var n = new NetworkState("warmup", "br-warmup", "10.0.0.0/24", "10.0.0.1/24", 1500, true, true, false, null,
                "eth");
        var e = new EndpointState("warmup", "warmup", "10.0.0.2/24", "02:42:0a:00:00:02", "npvwarmup", "npcwarmup",
                null, ports);
        renderer.changes(PortRules.of(n, e), true);
    }

    /**
     * {@code lives} times an endpoint's whole life as dockerd drives it (CreateEndpoint, EndpointOperInfo,
     * Join, ProgramExternalConnectivity with a port, RevokeExternalConnectivity, Leave, DeleteEndpoint),
     * through the same routes, JSON binding, driver, group commit, spare veths and SQLite store code as the
     * served calls, on a network of a simulated kernel and a store in a temporary directory deleted after.
     * Returns the number of calls made.
     */
    static int endpointLives(RulesRenderer renderer, int lives) {
        Path dir;
        try {
            dir = Files.createTempDirectory("netplugin-warmup");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the warm-up store", e);
        }
        int calls = 0;
        try (StateStore store = StateStore.open(dir)) {
            SimulatedDataplane dataplane = new SimulatedDataplane(renderer);
            // The refiller runs inline: replacements are made within the call that took a spare.
            SpareVeths spares = new SpareVeths(dataplane, 2, Runnable::run);
            Routes routes = Routes.of(BridgeNetworkDriver.ungrouped(store, dataplane, spares),
                    new AddressPools(store));
            call(routes, "CreateNetwork", "{\"NetworkID\":\"" + NET + "\",\"Options\":{\"com.docker.network.generic\":"
                    + "{\"com.docker.network.bridge.name\":\"npwarm0\"}},\"IPv4Data\":[{\"AddressSpace\":"
                    + "\"LocalDefault\",\"Pool\":\"10.254.0.0/16\",\"Gateway\":\"10.254.0.1/16\"}]}");
            calls++;
            for (int i = 0; i < lives; i++) {
                String ep = String.format("%064x", i);
                String of = "{\"NetworkID\":\"" + NET + "\",\"EndpointID\":\"" + ep + "\"";
                String ip = "10.254." + (2 + i / 250) + "." + (2 + i % 250);
                call(routes, "CreateEndpoint", of + ",\"Interface\":{\"Address\":\"" + ip + "/16\","
                        + "\"AddressIPv6\":\"\",\"MacAddress\":\"\"},\"Options\":{}}");
                call(routes, "EndpointOperInfo", of + "}");
                call(routes, "Join", of + ",\"SandboxKey\":\"/var/run/docker/netns/warmup\",\"Options\":{}}");
                call(routes, "ProgramExternalConnectivity", of + ",\"Options\":{\"com.docker.network.portmap\":"
                        + "[{\"Proto\":6,\"IP\":\"\",\"Port\":80,\"HostIP\":\"\",\"HostPort\":0,\"HostPortEnd\":0}]}}");
                call(routes, "RevokeExternalConnectivity", of + "}");
                call(routes, "Leave", of + "}");
                call(routes, "DeleteEndpoint", of + "}");
                calls += 7;
            }
            call(routes, "DeleteNetwork", "{\"NetworkID\":\"" + NET + "\"}");
            calls++;
        } finally {
            delete(dir);
        }
        return calls;
    }

    private static void call(Routes routes, String method, String body) {
        Route route = routes.find("/NetworkDriver." + method);
        try {
            ProtocolJson.write(route.call().invoke(body.getBytes(StandardCharsets.UTF_8)));
        } catch (ProtocolException e) {
            throw new IllegalStateException("warm-up " + method + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("netplugin: warm-up store " + dir + " not deleted: " + e.getMessage());
        }
    }
}
