package io.bridgelab.plugin.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Stamps each whole request with the time it was read, on the event loop, before it waits for a call
 * thread: the per-call latency the plugin logs then includes that wait, not only the time since a thread
 * took the request.
 */
final class ReceivedStamp extends ChannelInboundHandlerAdapter {
    /** Header carrying {@link System#nanoTime()} at receipt; internal, overwritten if a client sends it. */
    static final String HEADER = "X-Netplugin-Received-Nanos";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            request.headers().set(HEADER, Long.toString(System.nanoTime()));
        }
        ctx.fireChannelRead(msg);
    }

    /** The stamp of {@code request}, or {@code fallback} when it has none (tests without the pipeline). */
    static long of(FullHttpRequest request, long fallback) {
        String v = request.headers().get(HEADER);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
