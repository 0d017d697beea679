package io.bridgelab.plugin.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Binds the plugin's unix socket (never TCP) and serves until closed. The socket file is made mode 0660
 * so only root and the socket's group can drive the plugin; a stale file from a killed run is replaced.
 */
public final class PluginServer implements AutoCloseable {
    private final ServerConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService calls;
    private final Channel channel;

    private PluginServer(ServerConfig config, EventLoopGroup boss, EventLoopGroup workers,
                         ExecutorService calls, Channel channel) {
        this.config = config;
        this.boss = boss;
        this.workers = workers;
        this.calls = calls;
        this.channel = channel;
    }

    /** Binds {@code config.socket()} and returns once it accepts connections. */
    public static PluginServer start(ServerConfig config, Routes routes) {
        Path socket = config.socket();
        try {
            Files.createDirectories(socket.toAbsolutePath().getParent());
            // A socket file left by a killed plugin makes bind fail with EADDRINUSE.
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + socket, e);
        }
        EventLoopGroup boss = new EpollEventLoopGroup(1);
        EventLoopGroup workers = new EpollEventLoopGroup(1);
        ExecutorService calls = CallPool.upTo(config.workerThreads());
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new PluginChannelInitializer(routes, config.maxBodyBytes(), calls))
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .syncUninterruptibly()
                    .channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            return new PluginServer(config, boss, workers, calls, ch);
        } catch (IOException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            calls.shutdownNow();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot set mode 0660 on " + socket, io);
            }
            throw (RuntimeException) e;
        }
    }

    public Path socket() {
        return config.socket();
    }

    /** Blocks until the server channel closes (foreground {@code serve}). */
    public void awaitClose() {
        channel.closeFuture().syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully().syncUninterruptibly();
        workers.shutdownGracefully().syncUninterruptibly();
        calls.shutdown();
        try {
            calls.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(config.socket());
        } catch (IOException e) {
            // Best effort: the next start removes a stale socket anyway.
        }
    }
}
