package io.bridgelab.plugin.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar netplugin.jar serve} as a separate process, the way the systemd unit runs it, managing a
 * test's namespace; stdout and stderr go to a log file the test can read.
 */
final class PluginProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path log;

    private PluginProcess(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("netplugin.jar", "target/netplugin.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no plugin jar at " + jar + " (run 'mvn package' or 'mvn verify')");
        }
        return jar;
    }

    /**
     * Starts serve with the given JVM system properties ({@code -Dk=v} strings) and extra serve options;
     * waits for the socket.
     */
    static PluginProcess start(Path state, String netns, Path socket, Path log, List<String> jvmProps,
                               List<String> serveArgs) throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        List<String> argv = new ArrayList<>(List.of(javaBin(), "-Xmx128m", "-XX:TieredStopAtLevel=1"));
        argv.addAll(jvmProps);
        argv.addAll(List.of("-jar", jar().toString(), "serve", "--name", "crash", "--socket", socket.toString(),
                "--state", state.toString(), "--netns", netns));
        argv.addAll(serveArgs);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PluginProcess pp = new PluginProcess(p, socket, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // The socket file appears at bind(), a moment before listen(): wait until a connection is accepted.
        while (!accepts(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                pp.close();
                throw new IllegalStateException("plugin did not start; log:\n" + Files.readString(log));
            }
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
        return pp;
    }

    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            return ch.connect(java.net.UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Path socket() {
        return socket;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits for the process to end by itself (a crash point halts it); its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
