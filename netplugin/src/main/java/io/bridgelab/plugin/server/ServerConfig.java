package io.bridgelab.plugin.server;

import java.nio.file.Path;

/**
 * Where and how the plugin listens: the unix socket path, the request body limit (larger bodies get
 * 413 before any parsing) and how many threads run driver calls (which block on the kernel).
 */
public record ServerConfig(Path socket, int maxBodyBytes, int workerThreads) {
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    /** The smallest body limit: the protocol's requests are a few hundred bytes, an error reply's JSON fits. */
    public static final int MIN_MAX_BODY = 1024;
    /**
     * Threads for driver calls, shared by all connections (dockerd opens one per concurrent call). With 8,
     * 50 containers starting together left 42 calls waiting, unseen by the driver, so its group commit
     * grouped at most 8. A few threads are kept ready; more are made only when all are busy (CallPool).
     */
    public static final int DEFAULT_WORKER_THREADS = 64;

    public ServerConfig {
        if (socket == null) {
            throw new IllegalArgumentException("a socket path is required");
        }
        if (maxBodyBytes < MIN_MAX_BODY) {
            throw new IllegalArgumentException("body limit below 1 KiB: " + maxBodyBytes);
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("need at least one worker thread");
        }
    }

    /** {@code /run/docker/plugins/NAME.sock}, where dockerd looks for a plugin called NAME. */
    public static ServerConfig forName(String name) {
        return new ServerConfig(Path.of("/run/docker/plugins", name + ".sock"), DEFAULT_MAX_BODY, DEFAULT_WORKER_THREADS);
    }

    public ServerConfig withSocket(Path path) {
        return new ServerConfig(path, maxBodyBytes, workerThreads);
    }
}
