package io.bridgelab.plugin.cli;

import io.bridgelab.plugin.dataplane.LinuxDataplane;
import io.bridgelab.plugin.driver.BridgeNetworkDriver;
import io.bridgelab.plugin.driver.Reconciler;
import io.bridgelab.plugin.driver.SpareVeths;
import io.bridgelab.plugin.driver.StatusDiff;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.firewall.RulesRenderer;
import io.bridgelab.plugin.ipam.AddressPools;
import io.bridgelab.plugin.server.PluginServer;
import io.bridgelab.plugin.server.Routes;
import io.bridgelab.plugin.server.ServerConfig;
import io.bridgelab.plugin.store.StateStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netplugin serve}: reconcile, then answer dockerd on the unix socket until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the plugin in the foreground: reconcile the kernel with the stored state, then serve "
                + "the NetworkDriver and IpamDriver protocol on a unix socket (no TCP listener).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "netplugin", paramLabel = "NAME",
            description = "Plugin name, as in 'docker network create -d NAME'. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Socket path. Default: /run/docker/plugins/NAME.sock, where dockerd looks for NAME.")
    Path socket;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted; larger gets 413. Default: ${DEFAULT-VALUE}.")
    int maxBody;

    @Option(names = "--spare-veths", paramLabel = "N", defaultValue = "8",
            description = "Veth pairs made ahead of time per network, so CreateEndpoint makes no kernel change "
                    + "while containers start in bulk; 0 creates each veth in its call. Default: ${DEFAULT-VALUE}.")
    int spareVeths;

    @Mixin
    Placement placement;

    @Override
    public Integer call() {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            System.err.println("netplugin: --name '" + name + "' must be letters, digits, '_', '.', '-'");
            return 2;
        }
        if (spareVeths < 0 || spareVeths > 64) {
            System.err.println("netplugin: --spare-veths " + spareVeths + " must be 0..64");
            return 2;
        }
        RulesRenderer renderer = new SaveTextRulesRenderer();
        ServerConfig config = new ServerConfig(socket != null ? socket : ServerConfig.forName(name).socket(),
                maxBody, ServerConfig.DEFAULT_WORKER_THREADS);
        StateStore store = StateStore.open(placement.state);
        LinuxDataplane dataplane = placement.dataplane(renderer, true);
        StatusDiff repaired = new Reconciler(store, dataplane, renderer).reconcile();
        System.err.print("netplugin: start-up reconciliation: " + repaired.render());
        warmUp(renderer);
        // One daemon thread makes the spares: its waits for the kernel delay no call.
        ExecutorService spareMaker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netplugin-spare-veths");
            t.setDaemon(true);
            return t;
        });
        BridgeNetworkDriver driver = new BridgeNetworkDriver(store, dataplane,
                new SpareVeths(dataplane, spareVeths, spareMaker));
        driver.supplySpares();
        AddressPools ipam = new AddressPools(store);
        PluginServer server = PluginServer.start(config, Routes.of(driver, ipam));
        System.err.println("netplugin: serving '" + name + "' on " + config.socket() + ", state in " + store.file()
                + (placement.netns == null ? "" : ", managing netns " + placement.netns));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            spareMaker.shutdownNow();
            store.close();
            dataplane.close();
        }, "netplugin-shutdown"));
        server.awaitClose();
        return 0;
    }

    /**
     * Loads and exercises the port-mapping path once (JSON binding, rule building, rendering) without the
     * kernel, so the first {@code docker run -p} with many ports does not pay class loading and
     * interpretation (0.3 s cold for 1,000 ports, measured).
     */
    private static void warmUp(RulesRenderer renderer) {
        java.util.List<Object> map = new java.util.ArrayList<>();
        for (int p = 1; p <= 256; p++) {
            map.add(java.util.Map.of("Proto", p % 2 == 0 ? 6 : 17, "Port", p, "HostPort", p, "HostPortEnd", p));
        }
        var requests = io.bridgelab.plugin.driver.PortRequests.parse(java.util.Map.of(
                io.bridgelab.plugin.driver.PortRequests.PORTMAP, map));
        var ports = io.bridgelab.plugin.driver.PortRequests.allocate(requests, "10.0.0.2", null, java.util.List.of());
        var n = new io.bridgelab.plugin.store.NetworkState("warmup", "br-warmup", "10.0.0.0/24", "10.0.0.1/24", 1500,
                true, true, false, null, "eth");
        var e = new io.bridgelab.plugin.store.EndpointState("warmup", "warmup", "10.0.0.2/24", "02:42:0a:00:00:02",
                "npvwarmup", "npcwarmup", null, ports);
        renderer.changes(io.bridgelab.plugin.firewall.PortRules.of(n, e), true);
    }
}
