package io.bridgelab.plugin.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The pipeline of one connection, nothing else: HTTP codec, aggregation up to the body limit (the
 * aggregator answers 413 with an {@code Err} when Content-Length exceeds it), then the handler on the blocking-call
 * executor so a slow kernel change never stalls the event loop.
 */
public final class PluginChannelInitializer extends ChannelInitializer<Channel> {
    private final Routes routes;
    private final int maxBodyBytes;
    private final EventExecutorGroup callExecutor;

    /** {@code callExecutor} null runs the handler on the event loop (tests with EmbeddedChannel). */
    public PluginChannelInitializer(Routes routes, int maxBodyBytes, EventExecutorGroup callExecutor) {
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        this.callExecutor = callExecutor;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("http", new HttpServerCodec());
        ch.pipeline().addLast("aggregate", new BodyLimitAggregator(routes, maxBodyBytes));
        ch.pipeline().addLast("received", new ReceivedStamp());
        ch.pipeline().addLast(callExecutor, "plugin", new PluginHttpHandler(routes));
    }
}
