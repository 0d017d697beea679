package io.bridgelab.netfilter.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool with an argument array (never through a shell, so no name or address a user typed can
 * become a command) and collects its exit code and output.
 */
public final class Command {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Command() {
    }

    /** What a finished command left. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** This result if the command succeeded; otherwise a {@link CommandException} naming it. */
        public Result orThrow() {
            if (exitCode != 0) {
                throw new CommandException(this);
            }
            return this;
        }
    }

    /** A command that exited non-zero, with its argv and what it wrote to stderr. */
    public static final class CommandException extends RuntimeException {
        private final transient Result result;

        public CommandException(Result result) {
            super(String.join(" ", result.argv()) + " exited " + result.exitCode() + ": " + result.stderr().strip());
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    public static Result run(List<String> argv) {
        return run(argv, null, DEFAULT_TIMEOUT);
    }

    public static Result run(String... argv) {
        return run(List.of(argv), null, DEFAULT_TIMEOUT);
    }

    /** Runs argv, feeding {@code stdin} (may be null) and killing it after {@code timeout}. */
    public static Result run(List<String> argv, String stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(List.copyOf(argv), 127, "", "cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The tool closed its input early (it failed before reading); its exit code and stderr say why.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                return new Result(List.copyOf(argv), 124, out.join(), err.join() + "\n(killed after " + timeout + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(List.copyOf(argv), 130, "", "interrupted");
        }
        return new Result(List.copyOf(argv), process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** True if {@code tool} is an executable on the PATH. */
    public static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
