package io.bridgelab.plugin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.plugin.cli.Main;
import io.bridgelab.plugin.fault.CrashPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at every point of every state-changing NetworkDriver call, against the real kernel.
 *
 * <p>A scenario drives one endpoint through its whole life (CreateNetwork, CreateEndpoint, Join,
 * ProgramExternalConnectivity with two ports, Revoke, Leave, DeleteEndpoint, DeleteNetwork) over the unix
 * socket, as dockerd would. Its CreateEndpoint is three calls at once that the plugin applies as one group
 * ({@code EndpointGroupCommit}; {@code -Dnetplugin.groupGather=3} makes the group certain), one of them
 * refused by the kernel in the middle of the group's ip batch (its veth name is taken); its DeleteEndpoint
 * is two calls at once. The interrupted step is retried whole, all its calls at once again. A first run with {@code -Dnetplugin.crashAt=trace} lists the crash points the
 * calls pass (after each kernel step, after each store commit). Then, for every point, in a fresh
 * namespace with a fresh state directory: the plugin (its own JVM, the Linux dataplane) runs the scenario
 * until it halts itself at that point (exit 137, as after kill -9; no rollback, no finally); it is
 * restarted (start-up reconciliation); {@code netplugin status} must show no difference between store and
 * kernel; the interrupted call is retried and must succeed, and the rest of the scenario too, ending in sync
 * with nothing of the plugin's left in the namespace.
 *
 * <p>Retry semantics are dockerd's: a create whose reply was lost is answered again identically; a delete
 * whose reply was lost answers "unknown ...", which libnetwork logs and ignores (only ForbiddenError stops
 * {@code docker network rm} / {@code docker rm}), so that is accepted when the object is gone.
 */
class CrashRestartIT {
    private static final String NET = "c0ffee0000000000000000000000000000000000000000000000000000000001";
    private static final String EP = "feed000000000000000000000000000000000000000000000000000000000002";
    private static final String EP2 = "beef000000000000000000000000000000000000000000000000000000000003";
    /** Its host veth name is taken by someone else's link in the namespace: the kernel refuses it. */
    private static final String CLASH = "fade000000000000000000000000000000000000000000000000000000000004";
    /** A third endpoint for the spare variant, where nothing is refused. */
    private static final String EP3 = "dead000000000000000000000000000000000000000000000000000000000005";
    private static final String GROUP = "-Dnetplugin.groupGather=3";

    /**
     * One step of the scenario: one protocol call, or several of the same method sent at once (as dockerd
     * does when containers start together); {@code refused} is the index of the body that must be refused
     * every time (-1: none).
     */
    record Call(String method, List<String> bodies, int refused) {
        Call(String method, String json) {
            this(method, List.of(json), -1);
        }

        boolean isDelete() {
            return method.contains(".Delete");
        }
    }

    private static String endpoint(String id, String address) {
        return "{\"NetworkID\":\"" + NET + "\",\"EndpointID\":\"" + id + "\",\"Interface\":{\"Address\":\""
                + address + "\",\"MacAddress\":\"\"},\"Options\":{}}";
    }

    private static String ofEndpoint(String id) {
        return "{\"NetworkID\":\"" + NET + "\",\"EndpointID\":\"" + id + "\"}";
    }

    private static final Call CREATE_NETWORK = new Call("NetworkDriver.CreateNetwork", "{\"NetworkID\":\"" + NET
            + "\",\"Options\":{\"com.docker.network.generic\":{\"com.docker.network.bridge.enable_icc\":\"false\"}},"
            + "\"IPv4Data\":[{\"AddressSpace\":\"LocalDefault\",\"Pool\":\"10.61.0.0/24\","
            + "\"Gateway\":\"10.61.0.1/24\"}]}");

    /** The calls between the CreateEndpoint step and the endpoints' deletion: EP's whole life. */
    private static final List<Call> EP_LIFE = List.of(
            new Call("NetworkDriver.Join", "{\"NetworkID\":\"" + NET + "\",\"EndpointID\":\"" + EP
                    + "\",\"SandboxKey\":\"/var/run/docker/netns/x\",\"Options\":{}}"),
            new Call("NetworkDriver.ProgramExternalConnectivity", "{\"NetworkID\":\"" + NET + "\",\"EndpointID\":\""
                    + EP + "\",\"Options\":{\"com.docker.network.portmap\":["
                    + "{\"Proto\":6,\"IP\":\"\",\"Port\":80,\"HostIP\":\"\",\"HostPort\":8080,\"HostPortEnd\":8080},"
                    + "{\"Proto\":17,\"IP\":\"\",\"Port\":53,\"HostIP\":\"\",\"HostPort\":5353,\"HostPortEnd\":5353}]}}"),
            new Call("NetworkDriver.RevokeExternalConnectivity", ofEndpoint(EP)),
            new Call("NetworkDriver.Leave", ofEndpoint(EP)));

    /**
     * One way to run the plugin: its serve options, the scenario, and the crash points it must expose.
     * {@code spares} above 0: the network's spare veths are awaited before the next call, so CreateEndpoint
     * takes them instead of creating veths.
     */
    record Variant(String name, List<String> serveArgs, int spares, List<Call> scenario, List<String> mustPass) {
    }

    /** CreateNetwork, the CreateEndpoint step, EP's life, the deletion of {@code stored} at once, DeleteNetwork. */
    private static List<Call> scenario(Call createEndpoints, String... stored) {
        List<Call> calls = new ArrayList<>(List.of(CREATE_NETWORK, createEndpoints));
        calls.addAll(EP_LIFE);
        List<String> deletions = new ArrayList<>();
        for (String id : stored) {
            deletions.add(ofEndpoint(id));
        }
        calls.add(new Call("NetworkDriver.DeleteEndpoint", deletions, -1));
        calls.add(new Call("NetworkDriver.DeleteNetwork", "{\"NetworkID\":\"" + NET + "\"}"));
        return List.copyOf(calls);
    }

    /**
     * Each veth created in its call. Three CreateEndpoint at once, one group (the plugin runs with
     * groupGather=3): one ip batch for the veths, CLASH's refused in the middle of it, one store
     * transaction for the other two.
     */
    static final Variant IN_CALL = new Variant("veths made in the call", List.of("--spare-veths", "0"), 0,
            scenario(new Call("NetworkDriver.CreateEndpoint", List.of(endpoint(EP, "10.61.0.2/24"),
                    endpoint(CLASH, "10.61.0.4/24"), endpoint(EP2, "10.61.0.3/24")), 1), EP, EP2),
            List.of("NetworkDriver.CreateNetwork/step-1", "NetworkDriver.CreateNetwork/store-1",
                    "NetworkDriver.CreateEndpoint/step-1", "NetworkDriver.CreateEndpoint/store-1",
                    "NetworkDriver.Join/store-1", "NetworkDriver.ProgramExternalConnectivity/step-1",
                    "NetworkDriver.RevokeExternalConnectivity/step-1", "NetworkDriver.Leave/store-1",
                    "NetworkDriver.DeleteEndpoint/step-1", "NetworkDriver.DeleteNetwork/step-2",
                    "NetworkDriver.DeleteNetwork/store-1"));

    /**
     * Spare veths (the default): two of the three CreateEndpoint take the two spares, the third makes its
     * veth in the call (so both paths are in one group); DeleteNetwork then deletes the spares made since.
     */
    static final Variant SPARES = new Variant("spare veths", List.of("--spare-veths", "2"), 2,
            scenario(new Call("NetworkDriver.CreateEndpoint", List.of(endpoint(EP, "10.61.0.2/24"),
                    endpoint(EP3, "10.61.0.4/24"), endpoint(EP2, "10.61.0.3/24")), -1), EP, EP2, EP3),
            List.of("NetworkDriver.CreateEndpoint/step-1", "NetworkDriver.CreateEndpoint/store-1",
                    "NetworkDriver.DeleteNetwork/step-3"));

    @TempDir
    Path dir;

    @Test
    void killAtEveryPointOfEveryCallThenRestartAgreesAndRetries() throws Exception {
        killAtEveryPoint(IN_CALL);
    }

    @Test
    void killAtEveryPointWithSpareVeths() throws Exception {
        killAtEveryPoint(SPARES);
    }

    private void killAtEveryPoint(Variant v) throws Exception {
        Kernel.require("ip", "iptables-restore", "iptables-save", "sysctl");
        List<String> points = tracePoints(v);
        // -Dcrash.only=REGEX narrows the run to some points while developing; CI runs them all.
        String only = System.getProperty("crash.only", "");
        // Every kernel-changing call must expose its steps, every call its store commit.
        assertThat(points).containsAll(v.mustPass());
        List<String> problems = new ArrayList<>();
        for (String point : points) {
            if (!only.isEmpty() && !point.matches(only)) {
                continue;
            }
            String problem = crashAt(v, point);
            if (problem != null) {
                problems.add(point + ": " + problem);
            }
        }
        assertThat(problems).as("%s: crash points where restart, status or retry went wrong (of %d points: %s)",
                v.name(), points.size(), points).isEmpty();
    }

    /**
     * After CreateNetwork in the spare variant: waits (up to 60 s) until the namespace holds the network's
     * spare veths, so that CreateEndpoint finds them ready. Null when they came, else what is there.
     */
    private static String awaitSpares(NetworkNamespace ns, int spares) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String links = "";
        while (System.nanoTime() < deadline) {
            links = ns.exec("ip", "-o", "-d", "link", "show").orThrow().stdout();
            if (links.split("alias netplugin:spare:", -1).length - 1 >= spares) {
                return null;
            }
            Thread.sleep(20);
        }
        return "no " + spares + " spare veths within 60 s:\n" + links;
    }

    /**
     * Sends the scenario's call {@code i}. In the spare variant it then awaits the spares: after
     * CreateNetwork the network's {@code spares}; after CreateEndpoint (which took them all, and whose
     * veths keep their spare alias) as many again, made to replace them.
     */
    private static String step(Variant v, NetworkNamespace ns, Path socket, int i, boolean retry)
            throws InterruptedException {
        Call c = v.scenario().get(i);
        String wrong = wrongReplies(c, send(socket, c), retry);
        if (wrong == null && v.spares() > 0 && c == CREATE_NETWORK) {
            wrong = awaitSpares(ns, v.spares());
        } else if (wrong == null && v.spares() > 0 && c.method().equals("NetworkDriver.CreateEndpoint")) {
            wrong = awaitSpares(ns, 2 * v.spares());
        }
        return wrong;
    }

    /** A fresh namespace with someone else's link holding CLASH's host veth name. */
    private static NetworkNamespace namespace() {
        NetworkNamespace ns = NetworkNamespace.create("np-crash");
        ns.exec("ip", "link", "add", "npv" + CLASH.substring(0, 12), "type", "bridge").orThrow();
        return ns;
    }

    /** Sends every body of {@code c} (all at once when several): per body its reply or the IOException. */
    private static List<Object> send(Path socket, Call c) throws InterruptedException {
        List<Callable<Object>> posts = new ArrayList<>();
        for (String body : c.bodies()) {
            posts.add(() -> {
                try {
                    return UnixHttp.post(socket, c.method(), body);
                } catch (IOException e) {
                    return e;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(posts.size());
        try {
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : pool.invokeAll(posts, 120, TimeUnit.SECONDS)) {
                try {
                    out.add(f.get());
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    out.add(new IOException("no reply within 120 s", e));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Null when every reply of {@code c} is as it must be: the refused body refused, the others accepted
     * (or, for a retried delete, "unknown ..." when {@code retry}); else what is wrong.
     */
    private static String wrongReplies(Call c, List<Object> replies, boolean retry) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            Object o = replies.get(i);
            if (!(o instanceof UnixHttp.Reply r)) {
                wrong.add("body " + i + ": " + o);
            } else if (i == c.refused() ? r.ok() : !r.ok() && !(retry && c.isDelete() && r.body().contains("unknown "))) {
                wrong.add("body " + i + (i == c.refused() ? " was not refused: " : " failed: ") + r);
            }
        }
        return wrong.isEmpty() ? null : c.method() + " " + wrong;
    }

    /** Runs the scenario once with tracing on; the points passed, in order, each once. */
    private List<String> tracePoints(Variant v) throws Exception {
        try (NetworkNamespace ns = namespace()) {
            Path state = Files.createDirectories(dir.resolve("trace-" + v.spares()));
            Path log = state.resolve("plugin.log");
            try (PluginProcess p = PluginProcess.start(state, ns.name(), state.resolve("p.sock"), log,
                    List.of("-D" + CrashPoints.PROPERTY + "=" + CrashPoints.TRACE, GROUP), v.serveArgs())) {
                for (int i = 0; i < v.scenario().size(); i++) {
                    assertThat(step(v, ns, p.socket(), i, false)).as("the trace run").isNull();
                }
            }
            assertThat(Files.readString(log)).as("the three CreateEndpoint calls went as one group")
                    .contains("endpoint group: 3 CreateEndpoint, 0 Join");
            Set<String> points = new LinkedHashSet<>();
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(CrashPoints.TRACE_PREFIX)) {
                    points.add(line.substring(CrashPoints.TRACE_PREFIX.length()));
                }
            }
            return new ArrayList<>(points);
        }
    }

    /** One crash, restart and retry; null when all went right, else what went wrong. */
    private String crashAt(Variant v, String point) throws Exception {
        List<Call> scenario = v.scenario();
        String method = point.substring(0, point.indexOf('/'));
        int crashing = -1;
        for (int i = 0; i < scenario.size(); i++) {
            if (scenario.get(i).method().equals(method)) {
                crashing = i;
            }
        }
        try (NetworkNamespace ns = namespace()) {
            Path state = Files.createDirectories(dir.resolve(v.spares() + "_" + point.replace('/', '_')));
            Path log = state.resolve("plugin.log");
            Path socket = state.resolve("p.sock");
            try (PluginProcess p = PluginProcess.start(state, ns.name(), socket, log,
                    List.of("-D" + CrashPoints.PROPERTY + "=" + point, GROUP), v.serveArgs())) {
                for (int i = 0; i < crashing; i++) {
                    String wrong = step(v, ns, socket, i, false);
                    if (wrong != null) {
                        return "before the crash, " + wrong;
                    }
                }
                List<Object> replies = send(socket, scenario.get(crashing));
                if (replies.stream().noneMatch(o -> o instanceof IOException)) {
                    // The plugin dies mid-call: dockerd sees a closed connection, exactly this.
                    return "the call was answered instead of crashing: " + replies;
                }
                int exit = p.awaitExit();
                if (exit != CrashPoints.EXIT_STATUS) {
                    return "plugin exited " + exit + ", not " + CrashPoints.EXIT_STATUS + "; log:\n" + p.log();
                }
            }
            try (PluginProcess p = PluginProcess.start(state, ns.name(), socket, log, List.of(GROUP), v.serveArgs())) {
                String status = outOfSync(state, ns);
                if (status != null) {
                    return "after restart, netplugin status:\n" + status;
                }
                for (int i = crashing; i < scenario.size(); i++) {
                    String wrong = step(v, ns, socket, i, i == crashing);
                    if (wrong != null) {
                        return (i == crashing ? "retry of " : "after the retry, ") + wrong;
                    }
                }
                status = outOfSync(state, ns);
                if (status != null) {
                    return "at the end, netplugin status:\n" + status;
                }
            }
            String links = ns.exec("ip", "-o", "link", "show").orThrow().stdout();
            String rules = ns.exec("iptables-save").orThrow().stdout();
            if (links.contains("netplugin:") || rules.contains("netplugin:net:") || rules.contains("netplugin:ep:")) {
                return "left behind after the scenario:\n" + links + rules;
            }
            return null;
        }
    }

    /**
     * {@code netplugin status} (the CLI's own command, run in this JVM to spare a JVM start per point; the
     * plugin itself is the separate process): null when it exits 0 saying "in sync", else its exit status
     * and output.
     */
    private static String outOfSync(Path state, NetworkNamespace ns) {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        int exit;
        synchronized (CrashRestartIT.class) {
            System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                exit = new picocli.CommandLine(new Main()).execute("status", "--state", state.toString(),
                        "--netns", ns.name());
            } finally {
                System.setOut(saved);
            }
        }
        String out = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        return exit == 0 && out.contains("store and kernel in sync") ? null : "exit " + exit + "\n" + out;
    }
}
