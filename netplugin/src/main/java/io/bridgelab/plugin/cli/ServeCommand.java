package io.bridgelab.plugin.cli;

import io.bridgelab.plugin.dataplane.LinuxDataplane;
import io.bridgelab.plugin.driver.BridgeNetworkDriver;
import io.bridgelab.plugin.driver.Reconciler;
import io.bridgelab.plugin.driver.SpareVeths;
import io.bridgelab.plugin.driver.StatusDiff;
import io.bridgelab.plugin.firewall.SaveTextRulesRenderer;
import io.bridgelab.plugin.firewall.RulesRenderer;
import io.bridgelab.plugin.ipam.AddressPools;
import io.bridgelab.plugin.os.RealTimePriority;
import io.bridgelab.plugin.server.PluginServer;
import io.bridgelab.plugin.server.Routes;
import io.bridgelab.plugin.server.ServerConfig;
import io.bridgelab.plugin.store.StateStore;
import java.nio.charset.StandardCharsets;
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
    /**
     * The kernel keeps a unix socket's path in sun_path, 108 bytes with its closing NUL. A longer one would
     * fail only at bind, after start-up reconciliation has changed the kernel.
     */
    static final int MAX_SOCKET_PATH = 107;

    @Option(names = "--name", defaultValue = "netplugin", paramLabel = "NAME",
            description = "Plugin name, as in 'docker network create -d NAME': 1-64 letters, digits, '_', '.', "
                    + "'-', the first a letter or digit. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Socket path, 1.." + MAX_SOCKET_PATH + " bytes. Default: /run/docker/plugins/NAME.sock, "
                    + "where dockerd looks for NAME.")
    Path socket;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted, " + ServerConfig.MIN_MAX_BODY + "..2147483647; larger "
                    + "gets 413. Default: ${DEFAULT-VALUE}.")
    int maxBody;

    @Option(names = "--spare-veths", paramLabel = "N", defaultValue = "8",
            description = "Veth pairs made ahead of time per network, 0..64, so CreateEndpoint makes no kernel "
                    + "change while containers start in bulk; 0 creates each veth in its call. "
                    + "Default: ${DEFAULT-VALUE}.")
    int spareVeths;

    @Option(names = "--realtime-priority", paramLabel = "N", defaultValue = "1",
            description = "Run the plugin's threads (and the ip/iptables-restore it starts) in the kernel's SCHED_RR "
                    + "class at this priority, 1..99, so a container start never waits for a CPU behind the other "
                    + "starts; 0 keeps normal scheduling. Refused, with a message, where the kernel's real-time "
                    + "throttling is off (sched_rt_runtime_us = -1). Measured with 1, 50 parallel 'docker run' on "
                    + "2 cores: p99 call latency 1-3 ms instead of 27-172 ms at nice -10 (README). "
                    + "Default: ${DEFAULT-VALUE}.")
    int realtimePriority;

    @Mixin
    Placement placement;

    @Override
    public Integer call() {
        // Every option is checked before anything is changed (OptionException: one line, exit status 2).
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new OptionException("--name '" + name + "' must be letters, digits, '_', '.', '-'");
        }
        Path socketPath = socket != null ? socket : ServerConfig.forName(name).socket();
        int socketBytes = socketPath.toString().getBytes(StandardCharsets.UTF_8).length;
        if (socketBytes == 0 || socketBytes > MAX_SOCKET_PATH) {
            throw new OptionException("--socket '" + socketPath + "' is " + socketBytes + " bytes long; a unix socket "
                    + "path must be 1.." + MAX_SOCKET_PATH);
        }
        if (maxBody < ServerConfig.MIN_MAX_BODY) {
            throw new OptionException("--max-body " + maxBody + " must be " + ServerConfig.MIN_MAX_BODY + "..2147483647"
                    + " (bytes)");
        }
        if (spareVeths < 0 || spareVeths > 64) {
            throw new OptionException("--spare-veths " + spareVeths + " must be 0..64");
        }
        if (realtimePriority != 0 && !RealTimePriority.inRange(realtimePriority)) {
            throw new OptionException("--realtime-priority " + realtimePriority + " must be 0 or "
                    + RealTimePriority.MIN + ".." + RealTimePriority.MAX);
        }
        if (realtimePriority != 0) {
            // First, before Netty, the call pool, the ip session and the spare maker start: they inherit it.
            System.err.println("netplugin: " + RealTimePriority.requestForProcess(realtimePriority).describe());
        }
        RulesRenderer renderer = new SaveTextRulesRenderer();
        ServerConfig config = new ServerConfig(socketPath, maxBody, ServerConfig.DEFAULT_WORKER_THREADS);
        LinuxDataplane dataplane = placement.dataplane(renderer, true); // first: a bad --netns changes nothing
        StateStore store = StateStore.open(placement.state);
        StatusDiff repaired = new Reconciler(store, dataplane, renderer).reconcile();
        System.err.print("netplugin: start-up reconciliation: " + repaired.render());
        long w0 = System.nanoTime();
        WarmUp.run(renderer);
        System.err.println("netplugin: warm-up took " + (System.nanoTime() - w0) / 1_000_000 + " ms");
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
}
