package io.bridgelab.pcap.codec;

import io.bridgelab.netfilter.linux.NetworkNamespace;
import io.bridgelab.pcap.io.CaptureReader;
import io.bridgelab.pcap.io.CaptureRecord;
import io.bridgelab.pcap.io.ReaderOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real tcpdump writing a file inside a test's namespace; started when it says it is listening. */
final class LiveCapture implements AutoCloseable {
    private final Process process;
    private final Path file;

    private LiveCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Starts {@code tcpdump -U -w file} with extra arguments and waits for its "listening on" line. */
    static LiveCapture start(NetworkNamespace ns, Path file, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "tcpdump", "-U", "-n",
                "-w", file.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("listening on")) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // tcpdump ended; nothing more to drain.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new LiveCapture(p, file);
            }
        }
        p.destroyForcibly();
        throw new IOException("tcpdump did not start: " + seen);
    }

    /** Waits until the packets written so far satisfy {@code done}, then stops tcpdump; returns them. */
    List<CaptureRecord> awaitThenStop(Predicate<List<CaptureRecord>> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(read()) && System.nanoTime() < deadline) {
            // Polls the file tcpdump flushes per packet (-U); there is no event to wait on.
            TimeUnit.MILLISECONDS.sleep(50);
        }
        close();
        List<CaptureRecord> all = read();
        if (!done.test(all)) {
            throw new AssertionError("capture did not see the expected traffic within " + timeout + ": "
                    + all.size() + " packets");
        }
        return all;
    }

    private List<CaptureRecord> read() throws IOException {
        List<CaptureRecord> out = new ArrayList<>();
        if (!Files.exists(file) || Files.size(file) < 24) {
            return out;
        }
        try (CaptureReader r = CaptureReader.open(file, ReaderOptions.LENIENT)) {
            r.forEach(out::add);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
