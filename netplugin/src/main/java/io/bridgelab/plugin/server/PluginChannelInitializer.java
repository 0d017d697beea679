package io.bridgelab.plugin.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;

/**
 * The pipeline of one connection, nothing else: HTTP codec, aggregation up to the body limit (the
 * aggregator answers 413 with an {@code Err} when Content-Length exceeds it), the receipt stamp, then the
 * handler, which runs each call on the shared call pool so a slow kernel change never stalls the event loop.
 */
public final class PluginChannelInitializer extends ChannelInitializer<Channel> {
    private final Routes routes;
    private final int maxBodyBytes;
    private final Executor callExecutor;

    /** {@code callExecutor} null runs the calls on the event loop (tests with EmbeddedChannel). */
    public PluginChannelInitializer(Routes routes, int maxBodyBytes, Executor callExecutor) {
        this.routes = routes;
        this.maxBodyBytes = maxBodyBytes;
        this.callExecutor = callExecutor;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("http", new HttpServerCodec());
        ch.pipeline().addLast("aggregate", new BodyLimitAggregator(routes, maxBodyBytes));
        ch.pipeline().addLast("received", new ReceivedStamp());
        ch.pipeline().addLast("plugin", new PluginHttpHandler(routes, callExecutor));
    }
}
