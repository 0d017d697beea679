package io.bridgelab.plugin.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One long-lived {@code ip -batch -} process fed line by line, so a driver call's link changes cost the
 * kernel's time only, not a process start (fork, exec, {@code ip netns exec}'s mount namespace setup): under
 * load on a 2-core machine a start alone took 100-300 ms, the veth itself ~15 ms.
 *
 * <p>How a batch's end is seen: {@code ip} flushes stdout after each command, so every batch ends with
 * {@code link show dev lo}, whose {@code link/loopback} line on stdout says all lines before it succeeded.
 * Without {@code -force}, {@code ip} stops at the first failing line and exits after printing
 * {@code Command failed -:N} (N counts lines since the process started): the same stop-at-first-failure
 * behaviour as a one-shot {@code ip -batch}, so the caller's rollback arithmetic is unchanged. The next
 * batch starts a new process.
 */
final class IpSession implements AutoCloseable {
    private static final Pattern FAILED_LINE = Pattern.compile("Command failed -:(\\d+)");
    private static final String MARKER = "link show dev lo";

    /** Result of one batch: ok, or the 1-based failed line of this batch (0 if unknown) and ip's stderr. */
    record Outcome(boolean ok, int failedLine, String stderr) {
    }

    private final List<String> argv;
    private Process process;
    private OutputStream stdin;
    private BufferedReader stdout;
    private long linesSent;

    /** {@code prefix} as for {@link LinuxDataplane} (empty, or {@code ip netns exec NS}). */
    IpSession(List<String> prefix) {
        List<String> a = new ArrayList<>(prefix);
        a.addAll(List.of("ip", "-batch", "-"));
        this.argv = List.copyOf(a);
    }

    synchronized Outcome run(List<String> lines) {
        try {
            ensureStarted();
            StringBuilder text = new StringBuilder();
            for (String l : lines) {
                text.append(l).append('\n');
            }
            text.append(MARKER).append('\n');
            long first = linesSent + 1;
            linesSent += lines.size() + 1;
            stdin.write(text.toString().getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            for (String out; (out = stdout.readLine()) != null; ) {
                if (out.contains("link/loopback")) {
                    return new Outcome(true, 0, "");
                }
            }
            // stdout closed: ip stopped at a failing line and exits.
            Process dead = process;
            reset();
            if (!dead.waitFor(10, TimeUnit.SECONDS)) {
                dead.destroyForcibly();
            }
            String err = new String(dead.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = FAILED_LINE.matcher(err);
            int failed = m.find() ? (int) (Long.parseLong(m.group(1)) - first + 1) : 0;
            if (failed > lines.size()) {
                // The marker itself failed: no loopback in this namespace; nothing of ours failed.
                return new Outcome(false, 0, "ip session marker failed: " + err.strip());
            }
            return new Outcome(false, Math.max(failed, 0), err.strip());
        } catch (IOException e) {
            close();
            return new Outcome(false, 0, "ip -batch session: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return new Outcome(false, 0, "interrupted");
        }
    }

    private void ensureStarted() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        reset();
        process = new ProcessBuilder(argv).start();
        stdin = process.getOutputStream();
        stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        linesSent = 0;
    }

    private void reset() {
        process = null;
        stdin = null;
        stdout = null;
    }

    /** Ends the process (closing its stdin makes ip exit). */
    @Override
    public synchronized void close() {
        Process p = process;
        reset();
        if (p != null) {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // It is being killed anyway.
            }
            p.destroy();
        }
    }
}
